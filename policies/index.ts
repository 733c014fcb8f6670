import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, buildPolicies } from "./catalog";

// Entry point for `pulumi preview --policy-pack ./policies`. Constructing the pack starts the
// analyzer server, so nothing else (tests included) may import this file.
new PolicyPack(PACK_NAME, {
  description: "Guardrails for AWS Client VPN stacks federated with Microsoft Entra ID through SAML.",
  policies: buildPolicies(),
});
