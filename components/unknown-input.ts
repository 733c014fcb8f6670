/**
 * Pulumi's placeholder for a value not known until apply (preview of a resource whose inputs come from
 * resources not created yet). Same value as `unknownValue` in @pulumi/pulumi/runtime/rpc; a test pins it.
 *
 * A module of its own: both dynamic providers' input checks read it, and under tsx a provider that imported it
 * from the SAML signing plan carried the whole plan into its serialized text (see
 * graph/azuread-credential-config.ts).
 */
export const unknownInput = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
