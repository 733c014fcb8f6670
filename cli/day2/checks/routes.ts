import type { EC2Client } from "@aws-sdk/client-ec2";
import { type CheckResult, fail, pass, settling } from "../check-result";
import { listRoutes } from "../client-vpn-reads";

export const routesCheckName = "every route is active";

/**
 * Route states: creating | active | failed | deleting.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientVpnRouteStatus.html
 * The walkthrough's "wait for the routes to turn green and display Active".
 */
export async function checkRoutes(ec2: EC2Client, endpointId: string): Promise<CheckResult> {
  const routes = await listRoutes(ec2, endpointId);
  if (routes.length === 0) {
    return fail(routesCheckName, "the endpoint has no routes", "associate a subnet (AWS adds the VPC route) and run `pulumi up` for the routes to other networks");
  }
  const label = (route: (typeof routes)[number]) => `${route.DestinationCidr} via ${route.TargetSubnet}`;
  const broken = routes.filter((route) => !["active", "creating"].includes(route.Status?.Code ?? ""));
  if (broken.length > 0) {
    return fail(
      routesCheckName,
      broken.map((route) => `${label(route)} is ${route.Status?.Code ?? "unknown"}${route.Status?.Message ? ` (${route.Status.Message})` : ""}`).join("; "),
      "run `pulumi refresh` then `pulumi up`; a failed route names its reason above (its subnet must be associated)",
    );
  }
  const pending = routes.filter((route) => route.Status?.Code === "creating");
  if (pending.length > 0) {
    return settling(routesCheckName, `${pending.length} of ${routes.length} still creating: ${pending.map(label).join("; ")}`, "wait: routes turn active within minutes");
  }
  return pass(routesCheckName, `${routes.length} active`);
}
