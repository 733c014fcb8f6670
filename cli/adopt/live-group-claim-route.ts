/**
 * Which of the program's two group-claim routes (`azure.groupClaim`, components/group-claim-route.ts) a live
 * application is on, told by the template its service principal was made from.
 */
import { galleryApplicationDisplayName, type GroupClaimRoute } from "../../components/group-claim-route";

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

/**
 * - No template, or the non-gallery one: an application of its own, whose memberOf a claims-mapping policy
 *   makes ("claims-mapping-policy"); the walkthrough's portal-made application is one.
 * - Microsoft's gallery application "AWS ClientVPN" (its template's display name, as the Entra tutorial names
 *   it: https://learn.microsoft.com/en-us/entra/identity/saas-apps/aws-clientvpn-tutorial): "gallery-app".
 * - Any other gallery template: undefined, the program has no route for it.
 */
export function groupClaimRouteOf(template: { id: string; displayName?: string } | undefined): GroupClaimRoute | undefined {
  if (!template || nonGalleryTemplateIds.includes(template.id.toLowerCase())) return "claims-mapping-policy";
  return template.displayName === galleryApplicationDisplayName ? "gallery-app" : undefined;
}
