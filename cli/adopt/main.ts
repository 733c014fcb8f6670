/** Entry point of `npm run adopt`: the real clouds through the AWS SDK's and the azuread provider's credentials. */
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { load } from "js-yaml";
import { ACMClient } from "@aws-sdk/client-acm";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { connectToGraph } from "../../components/graph/graph-connect";
import { interactiveRetry } from "../day2/graph-session";
import { exitWith } from "../shared/exit-with";
import { runAdoptCommand } from "./adopt-command";

// The project root (where Pulumi.yaml is), whatever folder the command was started from.
const projectDir = resolve(__dirname, "..", "..");
const project = (load(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8")) as { name: string }).name;

void exitWith(
  runAdoptCommand(process.argv.slice(2), {
    // The SDK's default credential chain (environment, shared config and SSO profiles, web identity, container
    // and instance roles), as the Pulumi AWS provider reads it.
    createAws: (region) => ({ ec2: new EC2Client({ region }), iam: new IAMClient({ region }), logs: new CloudWatchLogsClient({ region }), acm: new ACMClient({ region }) }),
    // Signed in the way the azuread provider is: there is no stack config yet, so ARM_* / AZURE_* variables for
    // the tenant and cloud the endpoint trusts; interactive bounds, as the Day-2 commands have.
    createGraph: ({ tenantId, environment }) =>
      connectToGraph({ tenantId, environment }, { "azuread:tenantId": tenantId, "azuread:environment": environment }, process.env, interactiveRetry),
    projectDir,
    project,
    fileExists: existsSync,
    writeFile: (path, text) => writeFile(path, text, "utf8"),
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    now: () => new Date(),
    defaultRegion: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined,
  }),
);
