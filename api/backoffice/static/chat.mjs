// The web chat, enhanced: messages sent without reloading the page, the conversation kept in
// sessionStorage across the pages of the site (and a reload), late answers fetched, an outage
// retried. Everything from the server is inserted as text, never as HTML.
const STORE = "relais-chat-session";
const RETRY_MS = 5000;
const POLL_MS = 1500;
// A French number, or an emergency number after "le" or "au" ("appelez le 15"), not "15 ans".
const EMERGENCY = /\b0\d(?:[ .]?\d\d){4}\b|(?<=\b(?:le|au)\s)(?:15|112|114|3114|17|18)\b/g;

const root = document.getElementById("chat");
const log = document.getElementById("chat-log");
const form = document.getElementById("chat-form");
const input = document.getElementById("chat-text");
const status = document.getElementById("chat-status");
const choices = document.getElementById("chat-choices");
const notice = document.getElementById("chat-notice");
const forget = document.getElementById("chat-forget");
const close = document.getElementById("chat-close");
const fullscreen = document.getElementById("chat-fullscreen");
const api = root.dataset.api;
let session = root.dataset.session || readStored();
let busy = false;

function readStored() {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get("s");
  if (fromLink) {
    history.replaceState(null, "", location.pathname);  // not kept in the address bar
    sessionStorage.setItem(STORE, fromLink);
  }
  return sessionStorage.getItem(STORE);
}

function textWithPhoneLinks(text) {
  // Numbers to call become tel: links; the rest stays text nodes.
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(EMERGENCY)) {
    nodes.push(document.createTextNode(text.slice(last, match.index)));
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = "tel:" + match[0].replace(/[ .]/g, "");
    link.textContent = match[0];
    nodes.push(link);
    last = match.index + match[0].length;
  }
  nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

function show(direction, text) {
  const item = document.createElement("li");
  item.className = "relais-chat__message relais-chat__message--" + (direction === "in" ? "visitor" : "assistant");
  const who = document.createElement("span");
  who.className = "govuk-visually-hidden";
  who.textContent = direction === "in" ? "Vous :" : "Assistant :";
  const body = document.createElement("span");
  body.className = "relais-chat__text";
  body.append(...textWithPhoneLinks(text));
  item.append(who, " ", body);
  log.append(item);
  item.scrollIntoView({ block: "nearest" });
  notice.hidden = true;
}

function offer(buttons) {
  choices.replaceChildren();
  if (!buttons.length) return;
  const fieldset = document.createElement("fieldset");
  fieldset.className = "govuk-fieldset";
  const legend = document.createElement("legend");
  legend.className = "govuk-fieldset__legend govuk-fieldset__legend--s";
  legend.textContent = "Répondre d'un geste";
  const group = document.createElement("div");
  group.className = "govuk-button-group relais-chat__choices";
  for (const choice of buttons) {
    const button = document.createElement("button");
    button.type = "submit";
    button.name = "payload";
    button.value = choice.payload;
    button.className = "govuk-button govuk-button--secondary";
    button.textContent = choice.title;
    group.append(button);
  }
  fieldset.append(legend, group);
  choices.append(fieldset);
}

function answered(chosen) {
  // The choices stay visible, disabled, the one taken marked and announced in the log.
  for (const button of choices.querySelectorAll("button")) {
    button.disabled = true;
    if (button === chosen) {
      button.setAttribute("aria-pressed", "true");
      const mark = document.createElement("span");
      mark.className = "govuk-visually-hidden";
      mark.textContent = " (votre choix)";
      button.append(mark);
    }
  }
}

function say(text) {
  status.textContent = text;
}

async function call(path, options = {}) {
  const response = await fetch(path, {
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    credentials: "omit",
    ...options,
  });
  const body = await response.json().catch(() => ({}));
  return { status: response.status, body };
}

async function startSession() {
  const { status: code, body } = await call(api, { method: "POST" });
  if (code !== 201) throw Object.assign(new Error("session"), { code, body });
  session = body.session_id;
  sessionStorage.setItem(STORE, session);
  if (fullscreen) fullscreen.href = "/chat#s=" + session;
  return session;
}

async function transcript() {
  const { status: code, body } = await call(`${api}/${session}/messages`);
  if (code === 404) {
    forgetLocally();
    return null;
  }
  return code === 200 ? body.messages : null;
}

async function resume() {
  const messages = await transcript();
  if (!messages || !messages.length) return;
  log.replaceChildren();
  for (const m of messages) show(m.direction, m.text);
  const last = messages[messages.length - 1];
  offer(last.direction === "out" ? last.buttons || [] : []);
  if (last.direction === "in") waitForAnswer(messages.length);
}

async function waitForAnswer(known) {
  say("L'assistant prépare sa réponse…");
  for (;;) {
    await new Promise((done) => setTimeout(done, POLL_MS));
    const messages = await transcript();
    if (!messages) return;
    if (messages.length > known && messages[messages.length - 1].direction === "out") {
      const fresh = messages.slice(known).filter((m) => m.direction === "out");
      for (const m of fresh) show("out", m.text);
      offer(fresh.length ? fresh[fresh.length - 1].buttons || [] : []);
      say("");
      return;
    }
  }
}

async function send(text, chosen) {
  busy = true;
  const key = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  show("in", chosen ? chosen.textContent : text);
  if (chosen) answered(chosen);
  else choices.replaceChildren();
  input.value = "";
  input.dispatchEvent(new Event("input"));
  say("L'assistant écrit…");
  for (;;) {
    try {
      if (!session) await startSession();
      const { status: code, body } = await call(`${api}/${session}/messages`, {
        method: "POST",
        body: JSON.stringify({ text, client_message_id: key }),
      });
      if (code === 200) {
        for (const m of body.messages) show("out", m.text);
        const last = body.messages[body.messages.length - 1];
        offer(last ? last.buttons || [] : []);
        if (body.pending) {
          const messages = await transcript();
          await waitForAnswer(messages ? messages.length : 0);
        } else say("");
        break;
      }
      if (code === 404) {
        forgetLocally();
        continue;  // the conversation expired: the message opens a new one
      }
      if (code === 503) {
        say((body.detail || "L'assistant ne peut pas répondre pour le moment.") + " Nouvel essai dans quelques secondes.");
        await new Promise((done) => setTimeout(done, RETRY_MS));
        continue;  // the same key: the message is never taken twice
      }
      say(body.detail || "Votre message n'a pas pu être envoyé.");
      input.value = chosen ? "" : text;
      break;
    } catch (error) {
      if (error.code === 429) {
        say(error.body.detail);
        input.value = chosen ? "" : text;
        break;
      }
      say("La connexion est interrompue. Nouvel essai dans quelques secondes.");
      await new Promise((done) => setTimeout(done, RETRY_MS));
    }
  }
  busy = false;
  input.focus();  // a choice just pressed is disabled: the focus goes back to the text box
}

function forgetLocally() {
  sessionStorage.removeItem(STORE);
  session = null;
  log.replaceChildren();
  choices.replaceChildren();
  notice.hidden = false;
  say("");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (busy) return;
  const submitter = event.submitter;
  if (submitter && submitter.name === "payload") {
    send(submitter.value, choices.contains(submitter) ? submitter : null);
    return;
  }
  const text = input.value.trim();
  if (!text) {
    say("Écrivez votre message avant de l'envoyer.");
    input.focus();
    return;
  }
  send(text, null);
});

for (const element of document.querySelectorAll(".relais-js-only")) element.hidden = false;
forget.addEventListener("click", () => {
  forgetLocally();
  say("La conversation est effacée de cet appareil.");
  input.focus();
});

function closeWidget() {
  window.parent.postMessage({ relais: "close" }, "*");
}
if (close) close.addEventListener("click", closeWidget);
if (window.parent !== window) {
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeWidget();
  });
  window.addEventListener("message", (event) => {
    if (event.data && event.data.relais === "focus") input.focus();
  });
}
if (session) {
  root.dataset.session = session;
  form.elements.session_id.value = session;
  if (fullscreen) fullscreen.href = "/chat#s=" + session;
  if (!log.children.length) resume();
}
