// 语音朗读: reads an article aloud with the browser's own speech synthesis,
// the title first, then the body one paragraph (one utterance) at a time,
// marking the paragraph being read. Where the browser cannot speak Chinese
// the control is replaced by a message saying so, never left as a dead button.
// On a 蒙古文版 page (the control's data-speech-lang="mn") it reads with a
// Mongolian voice only: never a Mongolian text with a Chinese voice.
(function () {
  "use strict";

  var LANG = "zh-CN";
  var MONGOLIAN_LANG = "mn-Mong";
  var VOICE_WAIT_MS = 1500;
  // With no voice list to go by, a reading that has not begun by then never will.
  var SILENCE_MS = 5000;
  var READING_CLASS = "is-being-read";
  var MESSAGES = {
    unsupported: "您的浏览器不支持语音朗读。请换用新版浏览器,或使用系统自带的读屏软件。",
    noChineseVoice: "您的浏览器没有可用的中文语音,无法朗读。请在系统设置中安装中文语音后重试。",
    noMongolianVoice: "您的浏览器没有可用的蒙古语语音,无法朗读蒙古文。请在系统设置中安装蒙古语语音后重试。",
    failed: "语音朗读出错,已停止。请稍后重试。",
    reading: "正在朗读全文。",
    paused: "朗读已暂停。",
    stopped: "朗读已停止。",
    finished: "全文朗读完毕。"
  };
  var BLOCKS = "p, h2, h3, h4, h5, h6, li, blockquote, figcaption, td, th";

  function normaliseLang(lang) {
    return String(lang || "").replace("_", "-").toLowerCase();
  }

  // The best Chinese voice: Mandarin for the mainland first, then any Chinese.
  function chineseVoice(voices) {
    var exact = null;
    var any = null;
    voices.forEach(function (voice) {
      var lang = normaliseLang(voice.lang);
      if (!exact && (lang === "zh-cn" || lang === "cmn-cn" || lang === "zh-hans-cn")) exact = voice;
      if (!any && (lang.indexOf("zh") === 0 || lang.indexOf("cmn") === 0)) any = voice;
    });
    return exact || any;
  }

  // A Mongolian voice: its language is "mn", "mn-Mong", "mn-CN", "mvf"...
  function mongolianVoice(voices) {
    var found = null;
    voices.forEach(function (voice) {
      var lang = normaliseLang(voice.lang);
      if (!found && (lang === "mn" || lang.indexOf("mn-") === 0 || lang === "mvf" || lang.indexOf("mvf-") === 0)) found = voice;
    });
    return found;
  }

  function textOf(element) {
    return (element.textContent || "").replace(/\s+/g, " ").trim();
  }

  // Title, subtitle, then every block of the body that holds its own text.
  function readableParts(article) {
    var parts = [];
    ["#article-title", ".article-subtitle"].forEach(function (selector) {
      var element = article.querySelector(selector);
      if (element && textOf(element)) parts.push(element);
    });
    var body = article.querySelector("#article-body");
    if (body) {
      body.querySelectorAll(BLOCKS).forEach(function (element) {
        var outer = element.parentElement && element.parentElement.closest(BLOCKS);
        if (outer && body.contains(outer)) return;  // read once, as part of its outer block
        if (textOf(element)) parts.push(element);
      });
    }
    return parts;
  }

  function Reader(control, status, parts) {
    this.control = control;
    this.status = status;
    this.parts = parts;
    this.synth = window.speechSynthesis;
    this.voice = null;
    this.voicesKnown = false;
    this.state = "idle";  // idle, reading, paused
    this.run = 0;  // bumped on every stop, so that late events of a stopped run are ignored
    this.heard = false;  // whether the browser has begun speaking in this run
    this.silenceTimer = null;
    this.buttons = {};
    this.mongolian = control.getAttribute("data-speech-lang") === "mn";
    this.lang = this.mongolian ? MONGOLIAN_LANG : LANG;
    this.pickVoice = this.mongolian ? mongolianVoice : chineseVoice;
    // Said in Mongolian (the page's translation) and in Chinese.
    this.noVoice = this.mongolian
      ? [control.getAttribute("data-no-voice-message"), MESSAGES.noMongolianVoice].filter(Boolean).join(" ")
      : MESSAGES.noChineseVoice;
    var reader = this;
    control.querySelectorAll("[data-speech]").forEach(function (button) {
      reader.buttons[button.getAttribute("data-speech")] = button;
    });
  }

  Reader.prototype.say = function (message) {
    this.status.textContent = message;
  };

  Reader.prototype.unavailable = function (message) {
    var hadFocus = this.control.contains(document.activeElement);
    this.stop(true);
    this.control.hidden = true;
    this.say(message);
    if (hadFocus) {
      // Keyboard users keep their place: on the message that replaced the buttons.
      this.status.setAttribute("tabindex", "-1");
      this.status.focus();
    }
  };

  // Returns false once the voices are known and none of them speaks the page's language.
  Reader.prototype.learnVoices = function () {
    var voices = this.synth.getVoices ? this.synth.getVoices() : [];
    if (!voices || !voices.length) return true;
    this.voicesKnown = true;
    this.voice = this.pickVoice(Array.prototype.slice.call(voices));
    if (!this.voice) {
      this.unavailable(this.noVoice);
      return false;
    }
    return true;
  };

  // Browsers load their voices late; wait a little for them before the first reading.
  Reader.prototype.whenVoicesKnown = function (then) {
    if (this.voicesKnown || this.learnVoices() === false || this.voicesKnown) {
      then();
      return;
    }
    var reader = this;
    var done = false;
    function finish() {
      if (done) return;
      done = true;
      if (reader.synth.removeEventListener) reader.synth.removeEventListener("voiceschanged", finish);
      reader.learnVoices();
      then();
    }
    if (this.synth.addEventListener) this.synth.addEventListener("voiceschanged", finish);
    window.setTimeout(finish, VOICE_WAIT_MS);
  };

  Reader.prototype.setState = function (state) {
    this.state = state;
    var active = state !== "idle";
    this.buttons.pause.setAttribute("aria-disabled", String(!active));
    this.buttons.stop.setAttribute("aria-disabled", String(!active));
    var paused = state === "paused";
    this.buttons.pause.textContent = paused ? "继续" : "暂停";
    this.buttons.pause.setAttribute("aria-label", paused ? "继续朗读" : "暂停朗读");
  };

  Reader.prototype.mark = function (element) {
    this.parts.forEach(function (part) {
      part.classList.remove(READING_CLASS);
      part.removeAttribute("aria-current");
    });
    if (!element) return;
    element.classList.add(READING_CLASS);
    element.setAttribute("aria-current", "true");
    var box = element.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) element.scrollIntoView({ block: "center" });
  };

  Reader.prototype.start = function () {
    var reader = this;
    this.stop(true);
    var run = this.run;
    this.setState("reading");
    this.say(MESSAGES.reading);
    this.whenVoicesKnown(function () {
      if (run !== reader.run || reader.control.hidden) return;
      reader.heard = false;
      reader.speak(0, run);
      if (!reader.voice) {
        reader.silenceTimer = window.setTimeout(function () {
          if (run === reader.run && !reader.heard && reader.state === "reading") reader.unavailable(reader.noVoice);
        }, SILENCE_MS);
      }
    });
  };

  Reader.prototype.speak = function (index, run) {
    var reader = this;
    if (run !== this.run) return;
    if (index >= this.parts.length) {
      this.mark(null);
      this.setState("idle");
      this.say(MESSAGES.finished);
      return;
    }
    var part = this.parts[index];
    var utterance = new window.SpeechSynthesisUtterance(textOf(part));
    utterance.lang = this.lang;
    if (this.voice) utterance.voice = this.voice;
    utterance.onstart = function () {
      if (run === reader.run) reader.heard = true;
    };
    utterance.onend = function () {
      reader.speak(index + 1, run);
    };
    utterance.onerror = function (event) {
      if (run !== reader.run) return;
      var error = event && event.error;
      if (error === "interrupted" || error === "canceled") return;
      var noVoice = error === "language-unavailable" || error === "voice-unavailable" || error === "synthesis-unavailable";
      // Without a voice list, a first utterance that fails means there is no voice at all.
      if (noVoice || (!reader.voice && !reader.heard)) {
        reader.unavailable(reader.noVoice);
      } else {
        reader.stop(true);
        reader.say(MESSAGES.failed);
      }
    };
    this.mark(part);
    this.synth.speak(utterance);
  };

  Reader.prototype.togglePause = function () {
    if (this.state === "reading") {
      this.synth.pause();
      this.setState("paused");
      this.say(MESSAGES.paused);
    } else if (this.state === "paused") {
      this.synth.resume();
      this.setState("reading");
      this.say(MESSAGES.reading);
    }
  };

  Reader.prototype.stop = function (quietly) {
    var wasActive = this.state !== "idle";
    this.run += 1;
    window.clearTimeout(this.silenceTimer);
    if (wasActive || this.synth.speaking || this.synth.pending) this.synth.cancel();
    // Chrome stays paused across a cancel; the next reading would never start.
    if (this.state === "paused") this.synth.resume();
    this.mark(null);
    if (this.buttons.pause) this.setState("idle");
    if (wasActive && !quietly) this.say(MESSAGES.stopped);
  };

  function init() {
    var control = document.querySelector("[data-speech-control]");
    var status = document.querySelector("[data-speech-status]");
    var article = document.querySelector(".article");
    if (!control || !status || !article) return;
    document.querySelectorAll("[data-speech-noscript]").forEach(function (note) {
      note.hidden = true;
    });
    if (!window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== "function") {
      status.textContent = MESSAGES.unsupported;
      return;
    }
    var reader = new Reader(control, status, readableParts(article));
    control.hidden = false;
    if (!reader.learnVoices()) return;
    if (window.speechSynthesis.addEventListener) {
      window.speechSynthesis.addEventListener("voiceschanged", function () {
        reader.learnVoices();
      });
    }
    control.addEventListener("click", function (event) {
      var button = event.target.closest("[data-speech]");
      if (!button || button.getAttribute("aria-disabled") === "true") return;
      var action = button.getAttribute("data-speech");
      if (action === "start") reader.start();
      else if (action === "pause") reader.togglePause();
      else if (action === "stop") reader.stop(false);
    });
    // Speech would otherwise go on after the resident has left the page.
    window.addEventListener("pagehide", function () {
      reader.stop(true);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
