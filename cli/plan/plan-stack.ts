import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { load } from "js-yaml";
import { configNamespace, parseStackConfig } from "../../components/config";
import { rawConfigFromEngine } from "../../components/stack-config-source";
import { NetworkFacts } from "../../components/network-facts";
import { createOfflineEngine, OfflineRun, PulumiProgram } from "./offline-engine";
import { engineConfigFromStackFile, StackFileError } from "./stack-file";
import { fileArgumentProblem } from "../shared/file-argument";
import { parsePlanNetwork } from "./plan-network";
import { offlineDeployingIdentityObjectId, offlineGalleryTemplateId, offlineLookups } from "./offline-lookups";
import { placeholderProviders } from "./placeholder-outputs";
import { planLabels } from "./plan-labels";
import { PlanReportInput } from "./plan-report";
import { planGroupClaimSwitch } from "./group-claim-switch";
import { deployingIdentityPermissions } from "../../components/entra-permissions";

/** The project root: where Pulumi.yaml and index.ts are, whatever folder the plan was started from. */
export const projectDir = resolve(__dirname, "..", "..");

/**
 * Pulumi Cloud knows the organization; offline it is a placeholder. Stack names in tags and the
 * application's notes carry it.
 */
export const placeholderOrganization = "organization";

export interface PlanRequest {
  stack: string;
  /** As given on the command line; defaults to Pulumi.<stack>.yaml in the project root. */
  stackFile?: string;
  /** What a relative stackFile is relative to: the folder the user ran the command from. */
  cwd?: string;
  now: Date;
  /** Also plan the other azure.groupClaim route and report what switching would change (default true). */
  groupClaimSwitch?: boolean;
}

export type PlanResult =
  | { kind: "planned"; report: PlanReportInput; run: OfflineRun }
  /** A user mistake in the stack's config: the message says what and how to fix it; nothing is written. */
  | { kind: "refused"; message: string }
  /** The stack file named (or implied) on the command line cannot be read; nothing is written. */
  | { kind: "usage"; message: string };

/**
 * Runs the project's program against one stack's config with the offline engine and collects what the
 * report needs. Throws only on bugs.
 */
export async function planStack(request: PlanRequest): Promise<PlanResult> {
  const project = projectName();
  const read = readStackFile(request);
  if (read.kind === "usage") return read;
  const { stackFile, text } = read;
  let engineConfig: Record<string, string>;
  let secretKeys: string[];
  try {
    ({ config: engineConfig, secretKeys } = engineConfigFromStackFile(text, stackFile, project));
  } catch (error) {
    if (error instanceof StackFileError) return { kind: "refused", message: `error: ${error.message}` };
    throw error;
  }

  const rawVpn = jsonOf(engineConfig[`${configNamespace}:vpn`]) as { vpcId?: unknown; subnetIds?: unknown } | undefined;
  const planNetwork = parsePlanNetwork(engineConfig, {
    vpcId: typeof rawVpn?.vpcId === "string" ? rawVpn.vpcId : undefined,
    subnetIds: Array.isArray(rawVpn?.subnetIds) ? rawVpn.subnetIds.filter((id): id is string => typeof id === "string") : undefined,
  });
  const network: NetworkFacts | undefined = planNetwork.ok ? planNetwork.facts : undefined;
  const lookups = offlineLookups(network);
  const providers = placeholderProviders({ awsRegion: engineConfig["aws:region"] || "us-east-1", stack: request.stack, now: request.now });
  providers.placeholders.add(placeholderOrganization);
  providers.placeholders.add(offlineDeployingIdentityObjectId);
  providers.placeholders.add(offlineGalleryTemplateId);
  const referencedStacks: string[] = [];
  const engine = createOfflineEngine({
    project,
    stack: request.stack,
    organization: placeholderOrganization,
    outputs: {
      ...providers.outputs,
      // No backend offline: a referenced stack exports nothing, and the program says what that means.
      "pulumi:pulumi:StackReference": (_name, inputs) => {
        referencedStacks.push(String(inputs.name));
        return { outputs: {}, secretOutputNames: [] };
      },
    },
    defaultOutputs: providers.defaultOutputs,
    invokes: lookups.invokes,
  });
  // Imported only now: the program's modules must load after the mocks are installed.
  const program = (await import("../../index")).default as unknown as PulumiProgram;

  let run: OfflineRun;
  try {
    run = await engine.run(program, engineConfig);
  } catch (error) {
    if (!pulumi.RunError.isInstance(error as Error)) throw error;
    // Exactly what `pulumi preview` prints for the program's RunError, then what only the plan needs.
    const lines = [`error: ${(error as Error).message}`];
    if (lookups.networkRefused() && !planNetwork.ok) lines.push("", formatPlanNetworkProblems(planNetwork.problems));
    if (referencedStacks.length) {
      lines.push(
        "",
        `The offline plan cannot read other stacks (${referencedStacks.join(", ")}): it has no Pulumi backend, so they export nothing here. ` +
          "Plan the identity stack itself, or run pulumi preview for this one.",
      );
    }
    return { kind: "refused", message: lines.join("\n") };
  }

  const parsed = parseStackConfig(rawConfigFromEngine(engineConfig), request.now);
  const config = parsed.ok ? parsed.config : undefined;
  // A stack that declares the Entra side also learns what the other group-claim route would change.
  const groupClaimSwitch =
    config && config.mode !== "endpoint" && request.groupClaimSwitch !== false
      ? await planGroupClaimSwitch({ engine, program, engineConfig, route: config.azure.groupClaim, resources: run.resources })
      : undefined;
  const usedNetwork = run.invokes.some((invoke) => invoke.token === "aws:ec2/getVpc:getVpc") ? network : undefined;
  return {
    kind: "planned",
    run,
    report: {
      stackName: `<${placeholderOrganization}>/${project}/${request.stack}`,
      awsRegion: engineConfig["aws:region"],
      tenantId: config?.tenantId,
      network: usedNetwork,
      resources: run.resources,
      outputs: run.outputs,
      warnings: run.warnings,
      secretKeys,
      labels: planLabels({ placeholders: providers.placeholders, groups: config?.azure.groups, access: config?.access, network: usedNetwork }),
      groupClaimSwitch,
      entraPermissions: config && config.mode !== "endpoint" ? deployingIdentityPermissions(config.azure.groupClaim) : undefined,
    },
  };
}

/** The stack file's text, or why it cannot be read, with advice that fits how it was named. */
export function readStackFile(
  request: Pick<PlanRequest, "stack" | "stackFile" | "cwd">,
  root: string = projectDir,
): { kind: "read"; stackFile: string; text: string } | { kind: "usage"; message: string } {
  const defaultFile = `Pulumi.${request.stack}.yaml`;
  const stackFile = request.stackFile ? resolve(request.cwd ?? process.cwd(), request.stackFile) : join(root, defaultFile);
  try {
    return { kind: "read", stackFile, text: readFileSync(stackFile, "utf8") };
  } catch (error) {
    if (request.stackFile) {
      const problem = fileArgumentProblem(error, "--stack-file", request.stackFile, "file");
      if (problem) return { kind: "usage", message: `error: ${problem}` };
      throw error;
    }
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      const problem = fileArgumentProblem(error, "--stack", `${request.stack} (${stackFile})`, "file");
      if (problem) return { kind: "usage", message: `error: ${problem}` };
      throw error;
    }
    const advice =
      request.stack === "dev"
        ? `${defaultFile} is the project's example stack; restore it (git checkout -- ${defaultFile}), or plan another stack with --stack <name> or --stack-file <path>.`
        : `Create the stack's config there (copy the example, Pulumi.dev.yaml, to ${defaultFile} and edit it), or pass --stack-file <path>.`;
    return { kind: "usage", message: `error: --stack ${request.stack}: there is no ${defaultFile} in ${root}. ${advice}` };
  }
}

function formatPlanNetworkProblems(problems: { setting: string; message: string }[]): string {
  const items = problems.map((p) => `  - ${p.setting}: ${p.message.split("\n").join("\n    ")}`);
  return `The offline plan also needs the network it cannot look up:\n${items.join("\n")}`;
}

function projectName(): string {
  const document = load(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8")) as { name?: unknown };
  if (typeof document?.name !== "string") throw new Error("Pulumi.yaml has no project name");
  return document.name;
}

function jsonOf(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

