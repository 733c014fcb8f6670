import { ConfigError, ConfigProblem, StackConfig } from "./config";
import { clientCaChain } from "./server-ca-chain";
import { CostEstimate, estimateMonthlyCost } from "./cost";

/**
 * What the stack hands to people rather than to clouds: the CA chain for the client profiles and
 * the monthly cost estimate. Both are settled before anything is declared.
 */
export interface ClientDeliverables {
  caChainPem: string;
  /** Undefined when the region has no price in the table; the deployment does not depend on it. */
  cost?: CostEstimate;
  warnings: string[];
}

export function prepareClientDeliverables(config: StackConfig): { deliverables?: ClientDeliverables; problems: ConfigProblem[] } {
  const certificate = config.vpn.serverCertificate;
  let caChainPem: string;
  try {
    // Without a chain in the stack the certificate is taken as ACM-issued: its chain ends at Amazon's public
    // roots. An imported one brings its own CA; `npm run doctor` tells which one the endpoint really has.
    caChainPem = clientCaChain(certificate.caChainPem ? { kind: "given", caChainPem: certificate.caChainPem } : { kind: "amazon-issued" });
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
  const warnings: string[] = [];
  let cost: CostEstimate | undefined;
  try {
    cost = estimateMonthlyCost({ region: config.awsRegion, associations: config.vpn.subnetIds.length, ...config.cost });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    warnings.push(`No cost estimate: ${error.problems.map((p) => `${p.setting} ${p.message}`).join("; ")}`);
  }
  return { deliverables: { caChainPem, cost, warnings }, problems: [] };
}
