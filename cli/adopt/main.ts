/** Entry point of `npm run adopt`: the real clouds through the AWS SDK's and the azuread provider's credentials. */
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { load } from "js-yaml";
import { ACMClient } from "@aws-sdk/client-acm";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { entraCloud } from "../../components/entra-cloud";
import { chooseCredential } from "../../components/graph/credential-source";
import { GraphClient } from "../../components/graph/graph-client";
import { graphBaseUrl, graphTokenGetter } from "../../components/graph/graph-credential";
import { EXIT } from "../shared/exit-codes";
import { runAdoptCommand } from "./adopt-command";

// The project root (where Pulumi.yaml is), whatever folder the command was started from.
const projectDir = resolve(__dirname, "..", "..");
const project = (load(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8")) as { name: string }).name;

runAdoptCommand(process.argv.slice(2), {
  // The SDK's default credential chain (environment, shared config and SSO profiles, web identity, container
  // and instance roles), as the Pulumi AWS provider reads it.
  createAws: (region) => ({ ec2: new EC2Client({ region }), iam: new IAMClient({ region }), logs: new CloudWatchLogsClient({ region }), acm: new ACMClient({ region }) }),
  // Signed in the way the azuread provider is: azuread:* settings are not there yet, so ARM_* / AZURE_* variables.
  createGraph: ({ tenantId, environment }) => {
    const cloud = entraCloud(environment);
    const sources = { config: { "azuread:tenantId": tenantId, "azuread:environment": environment }, env: process.env };
    return new GraphClient({
      baseUrl: graphBaseUrl(cloud),
      getToken: graphTokenGetter(chooseCredential(sources), sources, { tenantId, cloud }),
      retry: { maxThrottleRetries: 3, attemptTimeoutMs: 30_000 },
    });
  },
  projectDir,
  project,
  fileExists: existsSync,
  writeFile: (path, text) => writeFile(path, text, "utf8"),
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
  now: () => new Date(),
  defaultRegion: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only a bug gets here; user mistakes are reported inside runAdoptCommand without a stack trace.
    console.error(error);
    process.exitCode = EXIT.internalError;
  },
);
