// The cross-engine suite in Firefox (tests/engines/suite.mjs).
import { engineSuite } from "./suite.mjs";
import { launchFirefox } from "./firefox.mjs";

engineSuite(launchFirefox);
