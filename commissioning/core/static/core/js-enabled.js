// Runs at the top of <body>, before anything is drawn: GOV.UK Frontend styles components
// differently once it knows scripts run and which ones the browser supports.
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
