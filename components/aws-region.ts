import { Region } from "@pulumi/aws/types/enums";
import { closest, distance } from "fastest-levenshtein";

/**
 * The regions the pinned AWS provider knows (`aws.Region` in @pulumi/aws). The provider itself refuses a
 * region outside its list unless `skipRegionValidation` is set, so a name it does not know is a mistake
 * here too, and the message can say which region was meant.
 */
export const knownAwsRegions: readonly string[] = Object.values(Region);

/**
 * Why `value` is not a region the endpoint can be in, or undefined when it is one. The message ends with how to
 * set the stack's region, unless the value came from elsewhere (a command's --region).
 */
export function awsRegionProblem(value: string, options: { configHint: boolean } = { configHint: true }): string | undefined {
  if (knownAwsRegions.includes(value)) return undefined;
  const lower = value.trim().toLowerCase();
  if (knownAwsRegions.includes(lower)) return `"${value}" is not a region; region names are lowercase: use ${lower}`;
  const guess = closest(lower, [...knownAwsRegions]);
  const hint = distance(lower, guess) <= 3 ? `did you mean ${guess}?` : "use one such as eu-west-2";
  return `"${value}" is not an AWS region; ${hint}${options.configHint ? " (pulumi config set aws:region <region>)" : ""}`;
}
