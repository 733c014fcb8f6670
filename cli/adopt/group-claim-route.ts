import { parseStackConfig } from "../../components/config";

/**
 * `azure.groupClaim`: how the memberOf claim is made. The setting and its two values are the Entra side's
 * (components/config.ts, once the gallery route lands there); this is the one place adopt spells them, so
 * the two can be reconciled in one edit.
 * - "claims-mapping-policy": a non-gallery application with the program's claims-mapping policy (the
 *   program's shape so far). The walkthrough's portal-made application maps here.
 * - "gallery-app": Microsoft's gallery application "AWS ClientVPN", instantiated from its template, whose
 *   preconfigured claims already carry memberOf.
 */
export const groupClaimSetting = {
  key: "groupClaim",
  values: { claimsMappingPolicy: "claims-mapping-policy", galleryApp: "gallery-app" },
} as const;

export type GroupClaimRoute = (typeof groupClaimSetting.values)[keyof typeof groupClaimSetting.values];

/**
 * The display name of Microsoft's gallery application for Client VPN, as the Entra tutorial names it:
 * https://learn.microsoft.com/en-us/entra/identity/saas-apps/aws-clientvpn-tutorial
 */
export const clientVpnGalleryAppName = "AWS ClientVPN";

/**
 * The template every non-gallery (custom SAML) application is instantiated from, per cloud. Graph:
 * "You can use the applicationTemplate API to instantiate Non-Gallery apps. Use applicationTemplateId
 * 8adf8e6e-67b2-4cf2-a259-e3dc5476c621": https://learn.microsoft.com/en-us/graph/api/applicationtemplate-instantiate
 * The US Government and China IDs: Microsoft Entra PowerShell, New-EntraApplicationFromApplicationTemplate:
 * https://learn.microsoft.com/powershell/module/microsoft.entra.applications/new-entraapplicationfromapplicationtemplate
 */
export const nonGalleryTemplateIds: readonly string[] = [
  "8adf8e6e-67b2-4cf2-a259-e3dc5476c621",
  "4602d0b4-76bb-404b-bca9-2652e1a39c6d",
  "5a532e38-1581-4918-9658-008dc27c1d68",
];

/** Which route a live service principal is on; undefined when it came from another gallery template. */
export function groupClaimRouteOf(template: { id: string; displayName?: string } | undefined): GroupClaimRoute | undefined {
  if (!template || nonGalleryTemplateIds.includes(template.id.toLowerCase())) return groupClaimSetting.values.claimsMappingPolicy;
  return template.displayName === clientVpnGalleryAppName ? groupClaimSetting.values.galleryApp : undefined;
}

/**
 * Whether this version of the program knows `azure.groupClaim` and the given value: asked of its own
 * validator, so adopt writes the setting exactly when the program reads it.
 */
export function programAcceptsGroupClaim(route: GroupClaimRoute): boolean {
  const result = parseStackConfig(
    {
      mode: "identity",
      tenantId: "00000000-0000-4000-8000-000000000000",
      azure: { groups: { probe: "00000000-0000-4000-8000-000000000001" }, [groupClaimSetting.key]: route },
    },
    new Date(0),
  );
  return result.ok;
}
