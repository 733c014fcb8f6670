/**
 * The AWS SDK v3 clients the Day-2 commands use, for the stack's region, with the SDK's default
 * credential chain (environment, shared config and SSO profiles, web identity, container and instance
 * roles): the same sources the Pulumi AWS provider reads.
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html
 */
import { ACMClient } from "@aws-sdk/client-acm";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";

export interface AwsClients {
  acm: ACMClient;
  ec2: EC2Client;
  iam: IAMClient;
  logs: CloudWatchLogsClient;
}

export function createAwsClients(region: string | undefined): AwsClients {
  // Without aws:region in the stack the SDK falls back to AWS_REGION / the profile's region.
  const options = region ? { region } : {};
  return { acm: new ACMClient(options), ec2: new EC2Client(options), iam: new IAMClient(options), logs: new CloudWatchLogsClient(options) };
}
