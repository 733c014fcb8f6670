import type { ResourceValidationArgs } from "@pulumi/policy";
import { snapshot } from "./known";

/** The resource under validation with its props as plain snapshot data (see snapshot()). */
export interface ValidatedResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}

export function readResource(args: ResourceValidationArgs): ValidatedResource {
  const props = snapshot(args.props);
  return {
    type: args.type,
    name: args.name,
    urn: args.urn,
    props: props !== null && typeof props === "object" && !Array.isArray(props) ? (props as Record<string, unknown>) : {},
  };
}
