import { runMain } from "./main-environment";
import { runSamlCheckCommand } from "./saml-check-command";

runMain(runSamlCheckCommand);
