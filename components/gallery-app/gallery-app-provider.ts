/**
 * The dynamic provider behind GalleryAppSettings: brings the application and service principal that
 * instantiating the "AWS ClientVPN" gallery template made to what AWS Client VPN needs, through
 * Microsoft Graph v1.0 (see gallery-app-plan.ts for each property and its source).
 *
 * Pulumi serializes this object into the state and runs the copy in its own process, so it captures
 * no client and no credential (see graph-session.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { GraphClient } from "../graph/graph-client";
import type { GraphConnector } from "../graph/graph-connect";
import { graphSession } from "./graph-session";
import { clientVpnIdentifierUri } from "../client-vpn-identifier";
import { checkGalleryInputs } from "./gallery-app-inputs";
import { patchApplication, patchServicePrincipal, readGalleryApp } from "./gallery-app-graph";
import {
  diffGallery,
  type GalleryAppInputs,
  type GalleryAppState,
  type LiveGalleryApp,
  planGalleryPatches,
  stateAfterWrite,
  stateFromLive,
} from "./gallery-app-plan";

function inputsOf(props: Record<string, unknown>): GalleryAppInputs {
  return {
    tenantId: String(props.tenantId ?? ""),
    environment: String(props.environment ?? "global"),
    applicationObjectId: String(props.applicationObjectId ?? ""),
    servicePrincipalObjectId: String(props.servicePrincipalObjectId ?? ""),
    notificationEmails: Array.isArray(props.notificationEmails) ? props.notificationEmails.map(String) : [],
    notes: String(props.notes ?? ""),
    ...(typeof props.adoptedClientId === "string" ? { adoptedClientId: props.adoptedClientId } : {}),
  };
}

function goneError(inputs: GalleryAppInputs): Error {
  return new Error(
    `Microsoft Graph does not find the gallery application ${inputs.applicationObjectId} or its service principal ` +
      `${inputs.servicePrincipalObjectId} in tenant ${inputs.tenantId}, even after waiting for directory replication; ` +
      "check that azuread:tenantId names the tenant the azuread provider instantiated the template in",
  );
}

async function write(graph: GraphClient, inputs: GalleryAppInputs, live: LiveGalleryApp, onCreate: boolean): Promise<void> {
  const patches = planGalleryPatches(inputs, live, { onCreate });
  // The token version first (same request as the group claims): it must be 2 before any identifier is added.
  if (patches.application) await patchApplication(graph, inputs.applicationObjectId, patches.application);
  if (patches.servicePrincipal) await patchServicePrincipal(graph, inputs.servicePrincipalObjectId, patches.servicePrincipal);
}

/** Builds the provider; `connect` is for tests, the production provider signs in with `connectToGraph`. */
export function createGalleryAppProvider(connect?: GraphConnector): pulumi.dynamic.ResourceProvider {
  const session = graphSession(connect);
  const graphFor = (inputs: GalleryAppInputs): GraphClient => session.graphFor(inputs);

  return {
    configure: (req) => session.configure(req),

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
      const { inputs, failures } = checkGalleryInputs(news);
      return { inputs, failures };
    },

    async diff(_id: string, olds: GalleryAppState, news: GalleryAppInputs): Promise<pulumi.dynamic.DiffResult> {
      const diff = diffGallery(olds, news);
      return { changes: diff.changes, replaces: diff.replaces, deleteBeforeReplace: false };
    },

    async create(props: GalleryAppInputs): Promise<pulumi.dynamic.CreateResult<GalleryAppState>> {
      const inputs = inputsOf(props as unknown as Record<string, unknown>);
      const graph = graphFor(inputs);
      const live = await readGalleryApp(graph, inputs, true);
      if (live === "gone") throw goneError(inputs);
      await write(graph, inputs, live, true);
      const preset = live.application.identifierUris.includes(clientVpnIdentifierUri);
      return { id: `${inputs.applicationObjectId}/${inputs.servicePrincipalObjectId}`, outs: stateAfterWrite(inputs, live, preset) };
    },

    async read(id: string, props?: GalleryAppState): Promise<pulumi.dynamic.ReadResult<GalleryAppState>> {
      const inputs = inputsOf((props ?? {}) as unknown as Record<string, unknown>);
      const live = await readGalleryApp(graphFor(inputs), inputs, false);
      // The application went (deleted in the portal, or with ApplicationFromTemplate): so did its settings.
      if (live === "gone") return { id: "", props: undefined };
      return { id, props: stateFromLive(inputs, live, props?.identifierUriPreset === true) };
    },

    async update(_id: string, olds: GalleryAppState, news: GalleryAppInputs): Promise<pulumi.dynamic.UpdateResult<GalleryAppState>> {
      const inputs = inputsOf(news as unknown as Record<string, unknown>);
      const graph = graphFor(inputs);
      const live = await readGalleryApp(graph, inputs, true);
      if (live === "gone") throw goneError(inputs);
      await write(graph, inputs, live, false);
      return { outs: stateAfterWrite(inputs, live, olds.identifierUriPreset === true) };
    },

    async delete(): Promise<void> {
      // Nothing to undo: ApplicationFromTemplate deletes the application (and its service principal
      // with it) right after; restoring template values on an app about to go would only add calls.
    },
  };
}

/** The provider every GalleryAppSettings resource uses. */
export const galleryAppProvider: pulumi.dynamic.ResourceProvider = createGalleryAppProvider();
