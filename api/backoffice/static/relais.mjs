// GOV.UK Frontend's components, started on every page and again on the parts htmx replaces.
// Their built-in texts are French.
import { initAll } from "./vendor/govuk-frontend/govuk-frontend.min.js";

const french = {
  errorSummary: { disableAutoFocus: false },
  passwordInput: {
    i18n: {
      showPassword: "Afficher",
      hidePassword: "Masquer",
      showPasswordAriaLabel: "Afficher le mot de passe",
      hidePasswordAriaLabel: "Masquer le mot de passe",
      passwordShownAnnouncement: "Votre mot de passe est visible",
      passwordHiddenAnnouncement: "Votre mot de passe est masqué",
    },
  },
  characterCount: {
    i18n: {
      charactersUnderLimit: { one: "Il reste %{count} caractère", other: "Il reste %{count} caractères" },
      charactersAtLimit: "Vous avez atteint la limite de caractères",
      charactersOverLimit: { one: "%{count} caractère de trop", other: "%{count} caractères de trop" },
    },
  },
  fileUpload: {
    i18n: {
      chooseFilesButton: "Choisir un fichier",
      dropInstruction: "ou déposez-le ici",
      noFileChosen: "Aucun fichier choisi",
      multipleFilesChosen: { one: "%{count} fichier choisi", other: "%{count} fichiers choisis" },
      enteredDropZone: "Dans la zone de dépôt",
      leftDropZone: "Hors de la zone de dépôt",
    },
  },
};

initAll(french);
document.body.addEventListener("htmx:afterSwap", (event) => {
  initAll({ ...french, scope: event.detail.target });
});
