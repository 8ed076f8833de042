"""A stand-in for the browser's speech synthesis that records what it is asked
to say. Installed with `context.add_init_script(speech_stub(...))` before any
page script runs."""

import json

CHINESE_AND_ENGLISH = [{"name": "Alex", "lang": "en-US"}, {"name": "Tingting", "lang": "zh-CN"}]
ENGLISH_ONLY = [{"name": "Alex", "lang": "en-US"}]

_STUB = """
(() => {
  const config = %(config)s;
  const record = window.__speech = { spoken: [], calls: [] };
  class Utterance {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null;
                        this.onstart = null; this.onend = null; this.onerror = null; }
  }
  const synth = {
    speaking: false, pending: false, paused: false, current: null,
    getVoices() { return config.voices; },
    addEventListener() {}, removeEventListener() {},
    speak(utterance) {
      record.spoken.push({ text: utterance.text, lang: utterance.lang,
                           voice: utterance.voice && utterance.voice.name });
      this.current = utterance; this.speaking = true;
      setTimeout(() => {
        if (config.fail) { this.speaking = false; utterance.onerror && utterance.onerror({ error: config.fail }); return; }
        utterance.onstart && utterance.onstart({});
        if (config.autoEnd) this.finish();
      }, 0);
    },
    // The test says when the current utterance has been spoken to its end.
    finish() {
      const utterance = this.current; this.current = null; this.speaking = false;
      if (utterance && utterance.onend) utterance.onend({});
    },
    pause() { record.calls.push("pause"); this.paused = true; },
    resume() { record.calls.push("resume"); this.paused = false; },
    cancel() {
      record.calls.push("cancel");
      const utterance = this.current; this.current = null; this.speaking = false;
      if (utterance && utterance.onerror) utterance.onerror({ error: "interrupted" });
    },
  };
  if (config.absent) {
    Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
    Object.defineProperty(window, "SpeechSynthesisUtterance", { value: undefined, configurable: true });
    return;
  }
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  Object.defineProperty(window, "SpeechSynthesisUtterance", { value: Utterance, configurable: true });
})();
"""


def speech_stub(voices=CHINESE_AND_ENGLISH, auto_end=False, fail=None, absent=False):
    config = {"voices": voices, "autoEnd": auto_end, "fail": fail, "absent": absent}
    return _STUB % {"config": json.dumps(config)}


# Predicates for page.wait_for_function. Functions, not expressions: Playwright
# evaluates expression strings with eval, which the pages' CSP forbids.
SPOKEN_EXACTLY = "(count) => window.__speech.spoken.length === count"
SPOKEN_AT_LEAST = "(count) => window.__speech.spoken.length >= count"
