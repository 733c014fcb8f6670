/**
 * Runs the project's own program against the stack file adopt wrote, under Pulumi's mocks (the offline plan's
 * engine), with fake providers that answer as the providers would after `pulumi import`: a declared resource
 * that stands for a live object gets that object's IDs and values, everything else a placeholder. What the
 * program declares is then the authority for the import file (type, logical name, parent) and for the first
 * diff: nothing here keeps a second copy of the program's resource names.
 */
import * as pulumi from "@pulumi/pulumi";
import { createOfflineEngine, type PulumiProgram } from "../plan/offline-engine";
import { offlineLookups } from "../plan/offline-lookups";
import { minimumAvailableAddresses } from "../../components/network-facts";
import { placeholderProviders } from "../plan/placeholder-outputs";
import type { RecordedResource } from "../plan/recording-mocks";
import type { LiveFederation } from "./live-federation";
import { type LiveMatch, matchKey, resourceTypes } from "./resource-types";

export interface DeclaredRun {
  resources: RecordedResource[];
  /** The live object each declared resource stands for, by `${type}::${name}`. */
  matches: Map<string, LiveMatch>;
}

export type ProgramRunResult = { kind: "declared"; run: DeclaredRun } | { kind: "refused"; message: string };

/** Pulumi Cloud knows the organization; offline it is a placeholder (as in the offline plan). */
export const adoptOrganization = "organization";


export async function runProgramAgainstLive(options: {
  project: string;
  stack: string;
  engineConfig: Record<string, string>;
  live: LiveFederation;
  now: Date;
}): Promise<ProgramRunResult> {
  const { live } = options;
  const placeholders = placeholderProviders({ awsRegion: live.aws.region, stack: options.stack, now: options.now });
  const matches = new Map<string, LiveMatch>();
  const outputs = Object.fromEntries(
    Object.entries(resourceTypes).map(([type, spec]) => [
      type,
      (name: string, inputs: Record<string, unknown>) => {
        const match = spec.match?.({ type, name, inputs }, live);
        if (match) {
          matches.set(matchKey(type, name), match);
          return match.outputs;
        }
        const placeholder = (placeholders.outputs[type] ?? placeholders.defaultOutputs)(name, inputs);
        return spec.createdOutputs ? { ...placeholder, ...spec.createdOutputs({ type, name, inputs }, live) } : placeholder;
      },
    ]),
  );
  const lookups = offlineLookups({
    vpcCidrs: live.aws.vpc.cidrs,
    // AWS reports the free addresses of every subnet (Subnet.AvailableIpAddressCount); were one ever missing,
    // the preview's own lookup would check it, so the run here does not refuse on a guess.
    subnets: live.aws.subnets.map(({ id, vpcId, availabilityZone, cidr, availableIpAddresses }) => ({
      id,
      vpcId,
      availabilityZone,
      cidr,
      availableIpAddresses: availableIpAddresses ?? minimumAvailableAddresses,
    })),
  });
  const engine = createOfflineEngine({
    project: options.project,
    stack: options.stack,
    organization: adoptOrganization,
    outputs: { ...placeholders.outputs, ...outputs },
    defaultOutputs: placeholders.defaultOutputs,
    invokes: {
      ...lookups.invokes,
      // The tenant's Client VPN application, as azuread.getApplication would find it by its identifier.
      "azuread:index/getApplication:getApplication": () => ({
        notes: live.entra.application.notes ?? "",
        displayName: live.entra.application.displayName,
        clientId: live.entra.application.appId,
        objectId: live.entra.application.id,
      }),
      // The gallery template the program looks up by display name (components/gallery-template.ts): the one the
      // live application was made from, when that is the "AWS ClientVPN" template; otherwise the data source's
      // error (terraform-provider-azuread application_template_data_source.go).
      "azuread:index/getApplicationTemplate:getApplicationTemplate": (inputs) => {
        const template = live.entra.applicationTemplate;
        if (!template || template.displayName !== inputs.displayName) {
          throw new Error(`no application templates found matching filter: "displayName eq '${String(inputs.displayName)}'"`);
        }
        return { id: template.id, templateId: template.id, displayName: template.displayName };
      },
    },
  });
  // Imported only now: the program's modules must load after the mocks are installed.
  const program = (await import("../../index")).default as unknown as PulumiProgram;
  try {
    const run = await engine.run(program, options.engineConfig);
    return { kind: "declared", run: { resources: run.resources, matches } };
  } catch (error) {
    if (pulumi.RunError.isInstance(error as Error)) return { kind: "refused", message: (error as Error).message };
    throw error;
  }
}
