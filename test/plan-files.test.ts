import { describe, expect, it } from "vitest";
import { planFileNames, planFiles, placeholderMetadataComment, withLeadingComment } from "../cli/plan/plan-files";
import { RecordedResource } from "../cli/plan/recording-mocks";

const metadata = '<?xml version="1.0" encoding="UTF-8"?>\n<EntityDescriptor/>\n';
const provider: RecordedResource = {
  type: "aws:iam/samlProvider:SamlProvider",
  name: "vpn-saml",
  inputs: { samlMetadataDocument: metadata },
  state: {},
  urn: "urn:1",
  dependsOn: [],
};
const files = planFiles({
  stackName: "<organization>/clientvpn-federation/dev",
  outputs: { clientConfig: "client\nremote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443\n", clientConfigOpenVpn: "client\n" },
  resources: [provider],
  reportText: "REPORT\n",
  diagram: "flowchart LR\n",
});

describe("files the plan writes", () => {
  it("writes both profiles, the metadata, the diagram and the report", () => {
    expect(Object.keys(files).sort()).toEqual(["aws-vpn-client.ovpn", "deployment.mmd", "idp-metadata.xml", "openvpn.ovpn", "plan.md", "plan.txt"]);
  });

  it("writes only files it knows by name, so a later plan can remove the ones it no longer writes", () => {
    expect(Object.keys(files).sort()).toEqual([...planFileNames].sort());
  });

  it("says at the top of each profile that its endpoint name is made up, in OpenVPN comment syntax", () => {
    const lines = files["aws-vpn-client.ovpn"].split("\n");
    expect(lines[0]).toMatch(/^# OFFLINE PLAN of stack .*: profile for the AWS VPN Client\.$/);
    expect(lines.filter((line) => line.startsWith("#"))).toHaveLength(3);
    expect(lines[3]).toBe("client");
    expect(files["openvpn.ovpn"]).toMatch(/^# OFFLINE PLAN .*stock OpenVPN 2\.6/);
  });

  it("puts the placeholder note right after the XML declaration of the metadata", () => {
    expect(files["idp-metadata.xml"]).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${placeholderMetadataComment} -->\n<EntityDescriptor/>\n`);
  });

  it("embeds the report and the diagram in plan.md", () => {
    expect(files["plan.md"]).toContain("```text\nREPORT\n```");
    expect(files["plan.md"]).toContain("```mermaid\nflowchart LR\n```");
  });

  it("writes no profile or metadata for a stack that exports none", () => {
    const identityOnly = planFiles({ stackName: "s", outputs: {}, resources: [], reportText: "", diagram: "" });
    expect(Object.keys(identityOnly).sort()).toEqual(["deployment.mmd", "plan.md", "plan.txt"]);
  });

  it("refuses a comment XML cannot hold, and handles a document without a declaration", () => {
    expect(() => withLeadingComment(metadata, "a -- b")).toThrow("may not contain --");
    expect(withLeadingComment("<a/>", "note")).toBe("<!-- note -->\n<a/>");
  });
});
