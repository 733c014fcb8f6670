import { RecordedResource } from "./recording-mocks";
import { PlanLabels } from "./plan-labels";
import { emittedClaims } from "./resource-settings";
import { allAssignedUsers } from "./access-matrix";

/**
 * A Mermaid flowchart of what the plan would deploy, in the order sign-in flows through it:
 * Entra application, service principal, claims and signing certificate -> the metadata built from the
 * certificate -> IAM SAML providers -> the Client VPN endpoint -> its subnet associations -> routes ->
 * target networks; groups are assigned to the application and authorized to networks by rules.
 * Syntax: https://mermaid.js.org/syntax/flowchart.html
 * Node IDs stay clear of the flowchart keywords (`end`, directions, `class`, `call`): an ID that starts
 * or ends with one can break the parser (mermaid-js/mermaid#1444, #1799, #937), so the endpoint is `cvpn`.
 */
export function renderDeploymentDiagram(resources: RecordedResource[], labels: PlanLabels, context: { tenantId?: string; awsRegion?: string }): string {
  const ofType = (suffix: string) => resources.filter((resource) => resource.type.endsWith(suffix));
  const lines = ["flowchart LR"];
  const edges: string[] = [];
  const edge = (from: string, to: string, label?: string, dotted = false) =>
    edges.push(`  ${from} ${dotted ? "-.->" : "-->"}${label ? `|${text(label)}|` : ""} ${to}`);

  const application = ofType(":ApplicationRegistration")[0];
  // azure.groupClaim: gallery-app: the gallery app stands for the application, its service principal and its preset claims.
  const galleryApp = ofType(":ApplicationFromTemplate")[0];
  const servicePrincipal = ofType(":ServicePrincipal")[0] ?? galleryApp;
  const claims = ofType(":ClaimsMappingPolicy")[0];
  const certificate = ofType(":ServicePrincipalTokenSigningCertificate")[0];
  const identifier = ofType(":ApplicationIdentifierUri")[0];
  const assignments = ofType(":AppRoleAssignment");
  const samlProviders = ofType("iam/samlProvider:SamlProvider");
  const endpoint = ofType("ec2clientvpn/endpoint:Endpoint")[0];
  const associations = ofType(":NetworkAssociation");
  const rules = ofType(":AuthorizationRule");
  const routes = ofType("ec2clientvpn/route:Route");

  const groupIds = [
    ...new Set([
      ...assignments.map((assignment) => String(assignment.inputs.principalObjectId)),
      ...rules.map((rule) => rule.inputs.accessGroupId).filter((id): id is string => typeof id === "string"),
    ]),
  ];
  const groupNode = (objectId: string) => `group${groupIds.indexOf(objectId)}`;

  const app = application ?? galleryApp;
  if (app || servicePrincipal) {
    lines.push(`  subgraph entra["${text(`Microsoft Entra ID, tenant ${context.tenantId ?? "?"}`)}"]`);
    if (app) {
      const kind = app === galleryApp ? "Gallery application AWS ClientVPN" : "Application";
      lines.push(`    app["${text(`${kind} ${String(app.inputs.displayName)}`)}${identifier ? `<br/>${text(String(identifier.inputs.identifierUri))}` : ""}"]`);
    }
    if (servicePrincipal) lines.push(`    sp["${text("Enterprise application")}<br/>${text("SAML sign-on, assignment required")}"]`);
    if (claims) lines.push(`    claims["${text("Claims")}<br/>${text(emittedClaims(claims.inputs.definitions).join(", "))}"]`);
    else if (galleryApp) lines.push(`    claims["${text("Claims preset by the gallery app")}<br/>${text("memberOf, FirstName, LastName")}"]`);
    if (certificate) {
      const end = certificate.state.endDate;
      lines.push(`    cert["${text("Signing certificate")}<br/>${text(`${labels.isPlaceholder(certificate.state.value) ? "placeholder, " : ""}until ${String(end ?? "?")}`)}"]`);
    }
    groupIds.forEach((objectId) => {
      const alias = labels.groupAlias(objectId);
      lines.push(`    ${groupNode(objectId)}(["${text(`Group ${alias ?? objectId}`)}${alias ? `<br/>${text(objectId)}` : ""}"])`);
    });
    lines.push("  end");
    if (app && servicePrincipal) edge("app", "sp");
    if (claims && servicePrincipal) edge("claims", "sp", "claims policy");
    else if (galleryApp) edge("claims", "sp", "preset claims");
    if (certificate && servicePrincipal) edge("sp", "cert", "signs with");
    for (const assignment of assignments) if (servicePrincipal) edge(groupNode(String(assignment.inputs.principalObjectId)), "sp", "assigned");
  }

  if (samlProviders.length) {
    lines.push(`  metadata[/"${text("IdP metadata")}<br/>${text("built from the certificate")}"/]`);
    if (certificate) edge("cert", "metadata");
  }

  if (samlProviders.length || endpoint) {
    lines.push(`  subgraph aws["${text(`AWS ${context.awsRegion ?? ""}`.trim())}"]`);
    samlProviders.forEach((provider, index) => lines.push(`    saml${index}["${text(`IAM SAML provider ${provider.name}`)}"]`));
    if (endpoint) {
      const s = endpoint.inputs;
      lines.push(
        `    cvpn["${text("Client VPN endpoint")}<br/>${text(`clients ${String(s.clientCidrBlock)}, ${String(s.transportProtocol)}/${String(s.vpnPort)}`)}<br/>${text(
          `split tunnel ${s.splitTunnel ? "on" : "off"}, session ${String(s.sessionTimeoutHours)} h`,
        )}"]`,
      );
    }
    associations.forEach((association, index) => {
      const subnetId = String(association.inputs.subnetId);
      const subnet = labels.subnet(subnetId);
      lines.push(`    assoc${index}["${text(`Association ${subnetId}`)}${subnet ? `<br/>${text(`${subnet.availabilityZone}, ${subnet.cidr}`)}` : ""}"]`);
    });
    lines.push("  end");
    samlProviders.forEach((provider, index) => {
      edge("metadata", `saml${index}`);
      if (endpoint) edge(`saml${index}`, "cvpn", provider.name.includes("self-service") ? "self-service portal sign-in" : "sign-in");
    });
    associations.forEach((_, index) => edge("cvpn", `assoc${index}`));
  }

  const networkCidrs = [
    ...new Set([...rules.map((rule) => String(rule.inputs.targetNetworkCidr)), ...routes.map((route) => String(route.inputs.destinationCidrBlock))]),
  ];
  const networkNode = (cidr: string) => `net${networkCidrs.indexOf(cidr)}`;
  networkCidrs.forEach((cidr) => lines.push(`  ${networkNode(cidr)}[("${text(labels.networkName(cidr) ?? cidr)}<br/>${text(cidr)}")]`));

  const routed = new Set(routes.map((route) => String(route.inputs.destinationCidrBlock)));
  const associationIndex = (subnetId: unknown) => associations.findIndex((association) => association.inputs.subnetId === subnetId);
  for (const route of routes) {
    const index = associationIndex(route.inputs.targetVpcSubnetId);
    if (index >= 0) edge(`assoc${index}`, networkNode(String(route.inputs.destinationCidrBlock)), "route");
  }
  // Networks inside the VPC need no route of ours: AWS adds the VPC's own route to every association.
  for (const cidr of networkCidrs.filter((cidr) => !routed.has(cidr))) {
    associations.forEach((_, index) => edge(`assoc${index}`, networkNode(cidr), "VPC route"));
  }

  if (rules.some((rule) => typeof rule.inputs.accessGroupId !== "string")) lines.push(`  allUsers(["${text(allAssignedUsers)}"])`);
  for (const rule of rules) {
    const from = typeof rule.inputs.accessGroupId === "string" ? groupNode(rule.inputs.accessGroupId) : "allUsers";
    edge(from, networkNode(String(rule.inputs.targetNetworkCidr)), "authorization rule", true);
  }
  return [...lines, ...edges].join("\n") + "\n";
}

/** Label text with Mermaid's entity codes for the characters its labels cannot hold literally. */
export function text(value: string): string {
  return value.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;").replace(/\|/g, "#124;");
}
