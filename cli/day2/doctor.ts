import { runDoctorCommand } from "./doctor-command";
import { runMain } from "./main-environment";

runMain(runDoctorCommand);
