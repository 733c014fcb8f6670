import * as azuread from "@pulumi/azuread";
import { ConfigProblem } from "./config";
import { galleryApplicationDisplayName, groupClaimSetting } from "./group-claim-route";

/**
 * Finds the "AWS ClientVPN" application template by its display name, the way Microsoft's own
 * walkthrough does (`GET /applicationTemplates?$filter=displayName eq '...'`,
 * microsoftgraph/microsoft-graph-docs-contrib concepts/application-saml-sso-configure-api.md), through
 * the azuread data source, which needs no extra permission and fails when no template or more than one
 * matches (hashicorp/terraform-provider-azuread v3.8.0 application_template_data_source.go:
 * "no application templates found matching filter", "found multiple application templates matching filter").
 *
 * Looked up by name rather than pinned: no Microsoft page we found states the template's ID, and the
 * gallery is per cloud, so an ID from the global cloud could be wrong, or absent, in a national one.
 * Runs before anything is declared, so a cloud without the template stops the run with one message.
 */
export async function lookUpGalleryTemplate(): Promise<{ templateId?: string; problems: ConfigProblem[] }> {
  try {
    const template = await azuread.getApplicationTemplate({ displayName: galleryApplicationDisplayName });
    return { templateId: template.templateId, problems: [] };
  } catch (error) {
    const text = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return { problems: [{ setting: groupClaimSetting, message: galleryTemplateProblem(text) }] };
  }
}

/** The message for a failed template lookup: what the data source said, and what to do. */
export function galleryTemplateProblem(errorText: string): string {
  if (/no application templates found/i.test(errorText)) {
    return (
      `is "gallery-app", but this tenant's cloud offers no gallery application named "${galleryApplicationDisplayName}"; ` +
      `set ${groupClaimSetting}: claims-mapping-policy`
    );
  }
  if (/multiple application templates/i.test(errorText)) {
    return (
      `is "gallery-app", but more than one gallery application is named "${galleryApplicationDisplayName}", so the program cannot tell which to use; ` +
      `set ${groupClaimSetting}: claims-mapping-policy`
    );
  }
  return (
    `is "gallery-app", but looking up the gallery application "${galleryApplicationDisplayName}" failed (${errorText}); ` +
    `check the azuread provider's credentials, or set ${groupClaimSetting}: claims-mapping-policy`
  );
}
