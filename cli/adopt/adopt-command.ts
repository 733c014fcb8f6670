/**
 * `npm run adopt -- --stack <name> --region <region> [--endpoint <id>]`: takes over a federation built by hand.
 * Reads both clouds (never writes to them), writes Pulumi.<stack>.yaml and an import file for
 * `pulumi import --file`, and prints what the first `pulumi up` will change.
 */
import { join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { EXIT } from "../shared/exit-codes";
import { exitCodeHelp } from "../shared/exit-code-help";
import { stackNameProblem } from "../shared/stack-name";
import { awsRegionProblem } from "../../components/aws-region";
import { GraphError, type GraphClient } from "../../components/graph/graph-client";
import { entraCloudNames, findEntraCloud } from "../../components/entra-cloud";
import { engineConfigFromStackFile } from "../plan/stack-file";
import type { AdoptAwsClients } from "./read-aws";
import { describeAwsError, listEndpoints, readEndpoint } from "./read-aws";
import { chooseEndpoint, tenantOfMetadata } from "./federation-target";
import { findClientVpnApplications, getServicePrincipalOf, readEntra } from "./read-entra";
import { adoptedStackSettings } from "./stack-settings";
import { runProgramAgainstLive } from "./declared-run";
import { planAdoption } from "./adoption-plan";
import { explainChanges } from "./change-explanations";
import { importFileName, importFileText, stackFileName, stackFileText } from "./adopt-files";
import { renderAdoptReport } from "./adopt-report";
import type { LiveFederation } from "./live-federation";

/** Everything adopt touches outside itself, so tests run it against aws-sdk-client-mock and a fake Graph. */
export interface AdoptEnvironment {
  createAws(region: string): AdoptAwsClients;
  createGraph(target: { tenantId: string; environment: string }): GraphClient;
  /** Where Pulumi.yaml is; both files are written there. */
  projectDir: string;
  project: string;
  fileExists(path: string): boolean;
  writeFile(path: string, text: string): Promise<void>;
  writeOut(text: string): void;
  writeErr(text: string): void;
  now(): Date;
  /** AWS_REGION / AWS_DEFAULT_REGION, the SDK's own default, when --region is left out. */
  defaultRegion?: string;
}

const exitCodes = exitCodeHelp({
  ok: "adopted: both files written, everything mapped",
  failed: "nothing to adopt, a cloud could not be read, or the program refuses what was found; nothing written",
  attention: "both files written, but the report lists something to decide, something it could not map, or a resource pulumi up would replace",
  usage: "bad usage: an unknown or malformed flag, several SAML endpoints and no --endpoint, or the stack's files exist and no --force",
});

interface AdoptFlags {
  stack: string;
  region?: string;
  endpoint?: string;
  tenant?: string;
  environment?: string;
  force?: boolean;
}

/** A failure the user can act on: printed as one message, no stack trace. */
class AdoptRefusal extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export async function runAdoptCommand(argv: readonly string[], env: AdoptEnvironment): Promise<number> {
  const program = new Command("adopt")
    .description(
      "Take over an AWS Client VPN federation with Entra ID that was built by hand: read it (read-only, both clouds), " +
        "write Pulumi.<stack>.yaml and an import file for pulumi import, and report what the first pulumi up changes.",
    )
    .requiredOption("--stack <name>", "the stack to create (writes Pulumi.<name>.yaml)")
    .option("--region <region>", "AWS region of the endpoint (default: AWS_REGION)")
    .option("--endpoint <id>", "the endpoint to adopt, when the region has several with SAML sign-in")
    .option("--tenant <id>", "the Entra tenant ID (default: read from the endpoint's IAM SAML provider)")
    .addOption(new Option("--environment <cloud>", "the Entra cloud, as azuread:environment (default: read from the IAM SAML provider)").choices([...entraCloudNames]))
    .option("--force", "overwrite Pulumi.<stack>.yaml and the import file if they exist")
    .exitOverride()
    .configureOutput({ writeOut: env.writeOut, writeErr: env.writeErr })
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", exitCodes);
  let flags: AdoptFlags;
  try {
    program.parse([...argv], { from: "user" });
    flags = program.opts<AdoptFlags>();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  try {
    return await adopt(flags, env);
  } catch (error) {
    if (error instanceof AdoptRefusal) {
      env.writeErr(`error: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

async function adopt(flags: AdoptFlags, env: AdoptEnvironment): Promise<number> {
  // The name becomes a file name (Pulumi.<stack>.yaml): no slash, and not "." or "..".
  const stackProblem = stackNameProblem(flags.stack, { qualified: false });
  if (stackProblem) throw new AdoptRefusal(`--stack ${flags.stack} ${stackProblem}`, EXIT.usage);
  const region = flags.region ?? env.defaultRegion;
  if (!region) throw new AdoptRefusal("--region is required (or set AWS_REGION): the region of the endpoint to adopt", EXIT.usage);
  const regionProblem = awsRegionProblem(region, { configHint: false });
  if (regionProblem) throw new AdoptRefusal(`--region ${regionProblem}`, EXIT.usage);
  if (flags.tenant && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(flags.tenant)) {
    throw new AdoptRefusal(`--tenant ${flags.tenant} is not an Entra tenant ID (a GUID)`, EXIT.usage);
  }
  const stackPath = join(env.projectDir, stackFileName(flags.stack));
  const importPath = join(env.projectDir, importFileName(flags.stack));
  const existing = [stackPath, importPath].filter((path) => env.fileExists(path));
  if (existing.length && !flags.force) {
    throw new AdoptRefusal(
      `${existing.join(" and ")} already exist${existing.length === 1 ? "s" : ""}; adopt writes a new stack's files. Choose another --stack, or pass --force to overwrite.`,
      EXIT.usage,
    );
  }

  const live = await readLiveFederation(flags, region, env);
  const adopted = adoptedStackSettings(live, env.now());
  const stackText = stackFileText(adopted.settings, {
    endpointId: live.aws.endpoint.ClientVpnEndpointId,
    region,
    application: `"${live.entra.application.displayName}" (${live.entra.application.appId})`,
    date: env.now(),
  });
  // The program reads the file exactly as the Pulumi CLI will hand it over.
  const engineConfig = engineConfigFromStackFile(stackText, stackFileName(flags.stack), env.project).config;
  const declared = await runProgramAgainstLive({ project: env.project, stack: flags.stack, engineConfig, live, now: env.now() });
  if (declared.kind === "refused") {
    throw new AdoptRefusal(
      `the program refuses the configuration that reproduces this federation, so nothing was written:\n${declared.message}\n` +
        reportUnmapped(adopted.findings),
      EXIT.failed,
    );
  }
  const plan = planAdoption(declared.run);
  if (plan.unmodeled.length) {
    // A program input adopt cannot compare would make the report's "exactly what changes" a guess.
    throw new Error(`adopt does not model ${plan.unmodeled.map((gap) => `${gap.type} ${gap.name}: ${gap.properties.join(", ")}`).join("; ")}`);
  }
  const endpointReplaced = plan.changes.find((change) => change.kind === "replace" && change.type === "aws:ec2clientvpn/endpoint:Endpoint");
  if (endpointReplaced && endpointReplaced.kind === "replace") {
    const properties = endpointReplaced.properties.filter((property) => property.replaces).map((property) => property.property);
    throw new AdoptRefusal(
      `the program would replace ${live.aws.endpoint.ClientVpnEndpointId} (${properties.join(", ")} differ): a new endpoint means a new DNS name and every user's profile void, so nothing was written.\n` +
        reportUnmapped(adopted.findings),
      EXIT.failed,
    );
  }
  const retention = (adopted.settings["clientvpn-federation:vpn"] as { logRetentionDays: number }).logRetentionDays;
  const changes = explainChanges(plan.changes, live, retention);
  const replacements = plan.changes.filter((change) => change.kind === "replace");
  const findings = [
    ...adopted.findings,
    ...replacements.map((change) => ({
      kind: "unmapped" as const,
      subject: change.kind === "replace" ? change.label : change.name,
      detail: `pulumi up would replace it (${change.kind === "replace" ? change.properties.filter((p) => p.replaces).map((p) => p.property).join(", ") : ""} differ)`,
    })),
  ];

  await env.writeFile(stackPath, stackText);
  await env.writeFile(importPath, importFileText(plan.importFile));
  env.writeOut(
    renderAdoptReport({
      stack: flags.stack,
      endpointId: live.aws.endpoint.ClientVpnEndpointId,
      region,
      application: { displayName: live.entra.application.displayName, appId: live.entra.application.appId },
      tenantId: live.entra.tenantId,
      files: { stackFile: stackFileName(flags.stack), importFile: importFileName(flags.stack) },
      importedCount: plan.imported.length,
      changes,
      findings,
    }),
  );
  return findings.some((finding) => finding.kind !== "unmanaged") ? EXIT.attention : EXIT.ok;
}

async function readLiveFederation(flags: AdoptFlags, region: string, env: AdoptEnvironment): Promise<LiveFederation> {
  const clients = env.createAws(region);
  const aws = await awsStep("reading the Client VPN endpoints", async () => {
    const choice = chooseEndpoint(await listEndpoints(clients.ec2), region, flags.endpoint);
    if (choice.kind === "refused") {
      // Several endpoints: the invocation lacks --endpoint. The rest: there is nothing (or no such thing) to adopt.
      throw new AdoptRefusal(choice.message, choice.why === "several" || choice.why === "no such endpoint" ? EXIT.usage : EXIT.failed);
    }
    return { ...(await readEndpoint(clients, region, choice.endpoint)), otherFederatedEndpoints: choice.others };
  });
  const main = aws.samlProviders.find(
    (provider) => provider.arn === aws.endpoint.AuthenticationOptions?.find((option) => option.FederatedAuthentication)?.FederatedAuthentication?.SamlProviderArn,
  );
  const fromMetadata = main ? tenantOfMetadata(main.metadataXml, main.arn) : undefined;
  if (!flags.tenant && fromMetadata?.kind === "refused") throw new AdoptRefusal(fromMetadata.message, EXIT.failed);
  const tenantId = (flags.tenant ?? (fromMetadata?.kind === "found" ? fromMetadata.tenantId : "")).toLowerCase();
  const environment = findEntraCloud(flags.environment ?? (fromMetadata?.kind === "found" ? fromMetadata.environment : "global"))!.name;
  if (fromMetadata?.kind === "found" && flags.tenant && fromMetadata.tenantId !== tenantId) {
    throw new AdoptRefusal(`--tenant ${flags.tenant}, but ${main!.arn} trusts tenant ${fromMetadata.tenantId}: the endpoint signs in through that one`, EXIT.usage);
  }

  const entra = await graphStep(async () => {
    const graph = env.createGraph({ tenantId, environment });
    const applications = await findClientVpnApplications(graph);
    if (applications.length === 0) {
      throw new AdoptRefusal(
        `tenant ${tenantId} has no application with identifier urn:amazon:webservices:clientvpn, although ${aws.endpoint.ClientVpnEndpointId} trusts it: there is no federation to adopt (was the application deleted?)`,
        EXIT.failed,
      );
    }
    const application = applications[0];
    const servicePrincipal = await getServicePrincipalOf(graph, application.appId);
    if (!servicePrincipal) {
      throw new AdoptRefusal(
        `the application "${application.displayName}" (${application.appId}) has no enterprise application (service principal), so nobody can sign in through it: there is no federation to adopt`,
        EXIT.failed,
      );
    }
    const ruleGroupIds = [...new Set(aws.authorizationRules.filter((rule) => !rule.AccessAll && rule.GroupId).map((rule) => rule.GroupId!))];
    return readEntra(graph, { tenantId, environment, application, servicePrincipal, ruleGroupIds });
  });
  if (/Managed by Pulumi stack (\S+)/.test(entra.application.notes ?? "")) {
    const owner = /Managed by Pulumi stack (\S+)/.exec(entra.application.notes ?? "")![1];
    throw new AdoptRefusal(
      `the application "${entra.application.displayName}" is already managed by stack ${owner}; adopt takes over federations built by hand. Deploy this endpoint as mode: endpoint with identityStack: ${owner} instead.`,
      EXIT.failed,
    );
  }
  return { aws, entra };
}

async function awsStep<T>(what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof AdoptRefusal) throw error;
    throw new AdoptRefusal(
      `AWS: ${what} failed: ${describeAwsError(error)}. adopt needs credentials with read access: ec2:DescribeClientVpn*, ec2:DescribeVpcs, ec2:DescribeSubnets, ec2:DescribeSecurityGroups, iam:GetSAMLProvider, logs:DescribeLogGroups, acm:DescribeCertificate, acm:GetCertificate`,
      EXIT.failed,
    );
  }
}

async function graphStep<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof GraphError) {
      throw new AdoptRefusal(
        `${error.message}. adopt reads with Application.Read.All, Policy.Read.All and GroupMember.Read.All (the pages listing an application's token issuance policies and a service principal's claims-mapping policies document Application.ReadWrite.OwnedBy or .All with Policy.Read.All, although they only read)`,
        EXIT.failed,
      );
    }
    // No credential, or one Entra refused (@azure/identity's CredentialUnavailableError, AuthenticationError).
    const name = (error as { name?: string })?.name ?? "";
    if (/Credential|Authentication/.test(name)) throw new AdoptRefusal(`signing in to Microsoft Graph failed: ${(error as Error).message}`, EXIT.failed);
    throw error;
  }
}

function reportUnmapped(findings: { kind: string; subject: string; detail: string }[]): string {
  const unmapped = findings.filter((finding) => finding.kind === "unmapped");
  return unmapped.length ? `What adopt could not map:\n${unmapped.map((finding) => `  - ${finding.subject}: ${finding.detail}`).join("\n")}` : "";
}
