/**
 * The modules whose behaviour users' safety depends on (issue 18), each mutated against its own unit
 * tests only: those tests must hold every behaviour of the module, and they import no AWS SDK, CLI or
 * Pulumi engine, so each mutant costs about a second.
 */
export interface MutationModule {
  /** Short name for the command line and the report files. */
  name: string;
  title: string;
  mutate: readonly string[];
  tests: readonly string[];
}

/** The least share of logic mutants (string literals left out) each file's tests must kill. */
export const minimumMutationScore = 90;

export const mutationModules: readonly MutationModule[] = [
  {
    name: "saml-verdict",
    title: "SAML verdict (saml-check)",
    mutate: ["cli/day2/saml/saml-signatures.ts", "cli/day2/saml/saml-requirements.ts", "cli/day2/saml/saml-input.ts"],
    tests: ["test/day2-saml-verdict.test.ts"],
  },
  { name: "config", title: "config validation", mutate: ["components/config.ts"], tests: ["test/config.test.ts", "test/config-formats.test.ts", "test/signing-rotation.test.ts"] },
  {
    name: "access-plan",
    title: "access plan and mutation lanes",
    mutate: ["components/access-plan.ts", "components/mutation-lanes.ts"],
    tests: ["test/access-plan.test.ts", "test/mutation-lanes.test.ts"],
  },
  { name: "metadata", title: "IdP metadata", mutate: ["components/saml-metadata.ts"], tests: ["test/saml-metadata.test.ts"] },
  { name: "client-profile", title: "client profile", mutate: ["components/client-profile.ts"], tests: ["test/client-profile.test.ts"] },
  {
    name: "connect-profile",
    title: "connect: profile filter",
    mutate: ["cli/connect/profile.ts", "cli/connect/profile-directives.ts", "cli/connect/openvpn-config-syntax.ts"],
    tests: ["test/connect-profile.test.ts", "test/connect-openvpn-config-syntax.test.ts"],
  },
  {
    // The checks the listener applies to a POST; acs-listener.ts itself is HTTP plumbing, tested end to end.
    name: "connect-listener",
    title: "connect: listener checks",
    mutate: [
      "cli/shared/saml-sign-in/post-origin.ts",
      "cli/shared/saml-sign-in/response-binding.ts",
      "cli/shared/saml-sign-in/authn-request.ts",
      "cli/connect/sign-in-expectation.ts",
    ],
    tests: ["test/saml-sign-in-checks.test.ts", "test/connect-sign-in-expectation.test.ts"],
  },
  {
    name: "signing-plan",
    title: "Graph signing plan",
    mutate: ["components/graph/saml-signing-plan.ts"],
    tests: ["test/graph-saml-signing-plan.test.ts"],
  },
];

/** Where a module's incremental results live (committed) and its full report goes (not committed). */
export const incrementalFileOf = (module: MutationModule) => `reports/stryker-incremental/${module.name}.json`;
export const reportFileOf = (module: MutationModule) => `reports/mutation/${module.name}.json`;
