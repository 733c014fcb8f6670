/**
 * `npm run saml-check -- <file> (--stack <name> | --metadata <file>)`: checks a captured SAMLResponse
 * against what AWS Client VPN accepts, with the certificate IAM trusts. Replaces the SAML-tracer step.
 * It prints verdicts only, never the response or its signature.
 */
import { GetSAMLProviderCommand } from "@aws-sdk/client-iam";
import { parseArguments, reportStackFailure, stackOption } from "./command-arguments";
import { Command } from "commander";
import { clientReplyUrl, govCloudSelfServiceReplyUrl, replyUrls, selfServiceReplyUrl } from "../../components/reply-urls";
import { EXIT } from "../shared/exit-codes";
import { exitCodeHelp } from "../shared/exit-code-help";
import { describeBytes, FileTooLargeError } from "../shared/capped-file";
import { FileArgumentError, readFileArgument } from "../shared/file-argument";
import type { Day2Environment } from "./day2-environment";
import { colors, formatCheckResult, formatDoctorSummary } from "./rendering";
import { decodeSamlInput, SamlInputError } from "./saml/saml-input";
import { checkSamlResponse, type SamlCheckOptions } from "./saml/saml-requirements";
import { entityIdsInMetadata, signingCertificatesInMetadata } from "./idp-metadata";
import { describeGroup, readDeploymentContext, requireOutput } from "./stack-context";

/**
 * The largest captured response read. AWS accepts a SAML response of at most 128 KB
 * (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/client-authentication.html#saml-requirements); as base64
 * that is about 175 KB, and a form body that percent-encodes it stays well under 1 MiB. The cap sits above AWS's
 * limit on purpose, so that a response a little over 128 KB still gets the size check's verdict and advice.
 */
export const MAX_CAPTURE_BYTES = 1024 * 1024;
/** IAM accepts a SAML metadata document of at most 10,000,000 characters (UpdateSAMLProvider, SAMLMetadataDocument:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSAMLProvider.html). */
export const MAX_METADATA_BYTES = 10_000_000;

interface SamlCheckFlags {
  stack?: string;
  metadata?: string;
}

export async function runSamlCheckCommand(argv: readonly string[], env: Day2Environment): Promise<number> {
  const program = new Command("saml-check")
    .description("Check a captured SAMLResponse against what AWS Client VPN accepts (signatures, audience, recipient, NameID, FirstName, LastName, memberOf, size).")
    .argument("<file>", "the captured response: the SAMLResponse form value (base64), the whole form body, or the XML")
    .addOption(stackOption("read the trusted certificate from the stack's IAM SAML provider, and its rules", false))
    .option("--metadata <file>", "read the trusted certificate from this IdP metadata file instead")
    .addHelpText(
      "after",
      exitCodeHelp({
        ok: "AWS would accept the response",
        failed: "a requirement fails (AWS would refuse it), or AWS or Pulumi could not be asked (their own message is shown)",
        usage: "bad usage: a missing, unreadable or malformed file, or a --stack that exports no SAML provider",
      }),
    );
  const parsed = parseArguments<SamlCheckFlags>(program, argv, env);
  if ("exitCode" in parsed) return parsed.exitCode;
  const { flags } = parsed;
  const [file] = program.args;
  if (Boolean(flags.stack) === Boolean(flags.metadata)) {
    env.writeErr("saml-check: give exactly one of --stack <name> (certificate from the IAM provider) or --metadata <file>\n");
    return EXIT.usage;
  }
  let options: SamlCheckOptions;
  let decoded;
  try {
    decoded = decodeSamlInput(await readFileArgument((path) => env.readFile(path, MAX_CAPTURE_BYTES), "<file>", file));
    options = flags.stack ? await optionsFromStack(flags.stack, env) : await optionsFromMetadata(flags.metadata!, env);
  } catch (error) {
    if (error instanceof FileArgumentError || error instanceof SamlInputError || error instanceof FileTooLargeError) {
      env.writeErr(`saml-check: ${inputErrorMessage(error)}\n`);
      return EXIT.usage;
    }
    return reportStackFailure("saml-check", error, env);
  }
  if (options.trustedCertificates.length === 0) {
    env.writeErr("saml-check: the IdP metadata holds no signing certificate (KeyDescriptor use=\"signing\"); check the file or the IAM provider\n");
    return EXIT.usage;
  }
  const c = colors(env.color);
  const results = checkSamlResponse(decoded, options);
  env.writeOut(`Checking a SAML response (${decoded.form}) against ${flags.stack ? `stack ${flags.stack}` : flags.metadata}\n\n`);
  env.writeOut(`${results.map((result) => formatCheckResult(result, c)).join("\n")}\n\n${formatDoctorSummary(results, c, { broken: "AWS would refuse this response", fine: "AWS would accept this response" })}\n`);
  return results.some((result) => result.status === "fail") ? EXIT.failed : EXIT.ok;
}

function inputErrorMessage(error: Error): string {
  if (error instanceof FileTooLargeError) {
    return error.maxBytes === MAX_METADATA_BYTES
      ? `${error.path} is larger than ${describeBytes(error.maxBytes)}, more than IAM accepts for SAML metadata; pass the IdP's federation metadata XML`
      : `${error.path} is larger than ${describeBytes(error.maxBytes)}; a SAML response AWS accepts is at most 128 KB, so save only the SAMLResponse form field (or its XML)`;
  }
  return error.message;
}

async function optionsFromStack(stackName: string, env: Day2Environment): Promise<SamlCheckOptions> {
  const context = await readDeploymentContext(env.stacks, stackName);
  const providerArn = requireOutput(context.samlProviderArn, "samlProviderArn", context);
  const { iam } = env.createAws(context.region);
  const arns = [providerArn, context.selfServiceSamlProviderArn].filter((arn): arn is string => Boolean(arn));
  const documents = await Promise.all(arns.map(async (arn) => (await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).SAMLMetadataDocument ?? ""));
  return {
    trustedCertificates: [...new Set(documents.flatMap(signingCertificatesInMetadata))],
    expectedIssuers: [...new Set(documents.flatMap(entityIdsInMetadata))],
    allowedRecipients: replyUrls(true, context.region),
    rules: context.authorizationRules,
    describeGroup: (id) => describeGroup(context, id),
  };
}

async function optionsFromMetadata(path: string, env: Day2Environment): Promise<SamlCheckOptions> {
  const metadata = await readFileArgument((file) => env.readFile(file, MAX_METADATA_BYTES), "--metadata", path);
  return {
    trustedCertificates: signingCertificatesInMetadata(metadata),
    expectedIssuers: entityIdsInMetadata(metadata),
    allowedRecipients: [clientReplyUrl, selfServiceReplyUrl, govCloudSelfServiceReplyUrl],
  };
}
