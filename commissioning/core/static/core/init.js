// Starts GOV.UK Frontend's components (header menu, error summary, notification banners…).
// A static file, not an inline script, so the Content-Security-Policy can forbid inline code.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
