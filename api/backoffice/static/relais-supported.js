// Run first in <body>: GOV.UK Frontend styles its JavaScript-enhanced components only when
// the browser will run its modules.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
