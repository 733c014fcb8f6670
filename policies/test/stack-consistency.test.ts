import { describe, expect, it } from "vitest";
import { stackConsistency } from "../checks/stack-consistency";
import type { PackResource } from "../evaluate";
import {
  GROUP_ADMINS,
  GROUP_ENGINEERS,
  UNKNOWN_VALUE,
  assignment,
  compliantStack,
  endpoint,
  expectOneViolation,
  rule,
  samlProvider,
  servicePrincipal,
  violationsOf,
} from "./support";

const STRANGERS = "0d0d0d0d-0000-4000-8000-000000000000";
const SAML_ARN = "arn:aws:iam::123456789012:saml-provider/clientvpn";

/** The compliant stack with some resources replaced (matched by type and name) or added. */
function stackWith(...changes: PackResource[]): PackResource[] {
  const keyOf = (resource: PackResource) => `${resource.type}::${resource.name}`;
  const replaced = new Map(changes.map((change) => [keyOf(change), change]));
  const base = compliantStack().map((resource) => replaced.get(keyOf(resource)) ?? resource);
  const added = changes.filter((change) => !compliantStack().some((resource) => keyOf(resource) === keyOf(change)));
  return [...base, ...added];
}

const vpnUrn = endpoint().urn;

describe("client-vpn-stack-consistency", () => {
  it("is mandatory", () => {
    expect(stackConsistency.enforcementLevel).toBe("mandatory");
  });

  it("accepts the compliant stack", () => {
    expect(violationsOf(stackConsistency, compliantStack())).toEqual([]);
  });

  describe("groups in rules are assigned to the application", () => {
    it("reports a rule whose group is not assigned, naming it and the fix", () => {
      const strangers = rule("strangers", { targetNetworkCidr: "10.30.0.0/16", accessGroupId: STRANGERS }, [vpnUrn]);
      expectOneViolation(violationsOf(stackConsistency, stackWith(strangers)), strangers, "AppRoleAssignment", STRANGERS);
    });

    it("compares group object IDs without regard to letter case", () => {
      const upper = rule("engineers-vpc", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: GROUP_ENGINEERS.toUpperCase() }, [vpnUrn]);
      expect(violationsOf(stackConsistency, stackWith(upper))).toEqual([]);
    });

    it("skips the check in a stack that holds no Entra app (the tenant's app lives in another stack)", () => {
      const awsOnly = stackWith(rule("strangers", { targetNetworkCidr: "10.30.0.0/16", accessGroupId: STRANGERS }, [vpnUrn])).filter(
        (resource) => !resource.type.startsWith("azuread:"),
      );
      expect(violationsOf(stackConsistency, awsOnly)).toEqual([]);
    });

    it("reports every group rule when the app has no assignment at all", () => {
      const unassigned = compliantStack().filter((resource) => !resource.type.includes("appRoleAssignment"));
      expect(violationsOf(stackConsistency, [...unassigned, servicePrincipal()]).map((found) => found.urn)).toEqual([
        rule("engineers-vpc", {}).urn,
        rule("admins-peered", {}).urn,
      ]);
    });

    it.each([
      ["an assignment's group", [assignment("admins", UNKNOWN_VALUE)]],
      ["a rule's group", [rule("strangers", { targetNetworkCidr: "10.30.0.0/16", accessGroupId: UNKNOWN_VALUE }, [vpnUrn])]],
    ])("neither crashes nor reports when %s is unknown during preview", (_case, changes) => {
      expect(violationsOf(stackConsistency, stackWith(...changes))).toEqual([]);
    });
  });

  describe("the client CIDR overlaps no authorized network", () => {
    it.each([
      ["contains the client CIDR", "10.248.0.0/13"],
      ["lies inside the client CIDR", "10.250.1.0/24"],
      ["equals the client CIDR", "10.250.0.0/22"],
    ])("reports a rule whose network %s, naming it and the fix", (_case, targetNetworkCidr) => {
      const overlapping = rule("overlapping", { targetNetworkCidr, accessGroupId: GROUP_ADMINS }, [vpnUrn]);
      const found = expectOneViolation(violationsOf(stackConsistency, stackWith(overlapping)), overlapping, "client CIDR");
      expect(found.message).toContain('endpoint "vpn"');
    });

    it("leaves 0.0.0.0/0 to the no-internet-rule policy", () => {
      const internet = rule("internet", { targetNetworkCidr: "0.0.0.0/0", accessGroupId: GROUP_ADMINS }, [vpnUrn]);
      expect(violationsOf(stackConsistency, stackWith(internet))).toEqual([]);
    });

    it("matches rules to the only endpoint when their dependency is not recorded", () => {
      const overlapping = rule("overlapping", { targetNetworkCidr: "10.250.0.0/24", accessGroupId: GROUP_ADMINS });
      expectOneViolation(violationsOf(stackConsistency, stackWith(overlapping)), overlapping, "client CIDR");
    });

    it.each([
      ["the client CIDR", [endpoint({ clientCidrBlock: UNKNOWN_VALUE })]],
      ["a rule's network", [rule("pending", { targetNetworkCidr: UNKNOWN_VALUE, accessGroupId: GROUP_ADMINS }, [vpnUrn])]],
    ])("neither crashes nor reports when %s is unknown during preview", (_case, changes) => {
      expect(violationsOf(stackConsistency, stackWith(...changes))).toEqual([]);
    });
  });

  describe("the self-service portal has its own SAML provider", () => {
    it.each([
      ["the VPN's own provider", { type: "federated-authentication", samlProviderArn: SAML_ARN, selfServiceSamlProviderArn: SAML_ARN }],
      ["no self-service provider", { type: "federated-authentication", samlProviderArn: SAML_ARN }],
      ["an empty self-service provider", { type: "federated-authentication", samlProviderArn: SAML_ARN, selfServiceSamlProviderArn: "" }],
    ])("reports a portal-enabled endpoint using %s, naming it and the fix", (_case, option) => {
      const vpn = endpoint({ authenticationOptions: [option] });
      expectOneViolation(violationsOf(stackConsistency, stackWith(vpn)), vpn, "selfServiceSamlProviderArn", "aws.iam.SamlProvider");
    });

    it("reports a portal-enabled endpoint when both ARNs are pending and the stack has a single SAML provider", () => {
      const vpn = endpoint({ authenticationOptions: [{ type: "federated-authentication" }] });
      const oneProvider = stackWith(vpn).filter((resource) => resource.name !== samlProvider("clientvpn-self-service").name);
      expectOneViolation(violationsOf(stackConsistency, oneProvider), vpn, "selfServiceSamlProviderArn");
    });

    it("accepts a portal-disabled endpoint with a single provider", () => {
      const vpn = endpoint({ selfServicePortal: "disabled", authenticationOptions: [{ type: "federated-authentication", samlProviderArn: SAML_ARN }] });
      expect(violationsOf(stackConsistency, stackWith(vpn))).toEqual([]);
    });

    it.each([
      ["the self-service ARN", { type: "federated-authentication", samlProviderArn: SAML_ARN, selfServiceSamlProviderArn: UNKNOWN_VALUE }],
      ["both ARNs (undefined, two providers declared)", { type: "federated-authentication" }],
      ["the main ARN", { type: "federated-authentication", samlProviderArn: UNKNOWN_VALUE }],
    ])("neither crashes nor reports when %s is unknown during preview", (_case, option) => {
      expect(violationsOf(stackConsistency, stackWith(endpoint({ authenticationOptions: [option] })))).toEqual([]);
    });

    it("neither crashes nor reports when the portal setting is unknown during preview", () => {
      const vpn = endpoint({ selfServicePortal: UNKNOWN_VALUE, authenticationOptions: [{ type: "federated-authentication", samlProviderArn: SAML_ARN }] });
      expect(violationsOf(stackConsistency, stackWith(vpn))).toEqual([]);
    });
  });
});
