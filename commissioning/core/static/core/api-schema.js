// Draws the OpenAPI schema named by the page with Swagger UI (served from our static files).
// Requests cannot be sent from the page: it documents the API, the API itself is elsewhere.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("swagger-ui");
  if (!element || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: element.getAttribute("data-schema-url"),
    domNode: element,
    deepLinking: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    supportedSubmitMethods: [],
    defaultModelsExpandDepth: 0,
    validatorUrl: null,
  });
});
