// The cross-engine suite in Chromium, the reference for the other engines (tests/engines/suite.mjs).
import { engineSuite } from "./suite.mjs";
import { launchChromium } from "./chromium.mjs";

engineSuite(launchChromium);
