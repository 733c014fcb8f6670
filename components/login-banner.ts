/**
 * The endpoint's login banner, as AWS measures and stores it.
 *
 * - The EC2 API allows "UTF-8 encoded characters only. Maximum of 1400 characters"
 *   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientLoginBannerOptions.html), but the
 *   provider refuses the value first, with `validation.StringLenBetween(0, 1400)` on `banner_text`
 *   (hashicorp/terraform-provider-aws internal/service/ec2/vpnclient_endpoint.go). That check is Go's `len`, which
 *   counts UTF-8 bytes (hashicorp/terraform-plugin-sdk helper/validation/strings.go: `len(v) > max`). A banner
 *   must pass both, so the byte count is the one that decides: 800 accented letters are 1,600 bytes.
 * - The `client_login_banner_options` block is Optional + Computed in the same file, so leaving it out keeps
 *   whatever the endpoint has. Removing the banner from the stack must therefore send `enabled: false`; the
 *   provider then sends ModifyClientVpnEndpoint with `Enabled=false` (expandClientLoginBannerOptions).
 */
export const maxLoginBannerBytes = 1400;

/** Why AWS (or the provider) would refuse the banner, or undefined when it fits. */
export function loginBannerProblem(text: string): string | undefined {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes <= maxLoginBannerBytes) return undefined;
  const characters = [...text].length;
  const counted = characters === bytes ? `${bytes} characters` : `${bytes} bytes in UTF-8 (${characters} characters)`;
  return `is ${counted}; Client VPN accepts at most ${maxLoginBannerBytes} bytes, and letters outside ASCII take 2 to 4 bytes each: shorten it`;
}

/** What the endpoint gets: the banner on, or explicitly off so that removing it from the stack turns it off. */
export function loginBannerOptions(text: string | undefined): { enabled: boolean; bannerText?: string } {
  return text ? { enabled: true, bannerText: text } : { enabled: false };
}
