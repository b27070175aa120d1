// The portal's proof of work (see fazhi/intake/proof.py): find a counter such that
// SHA-256("<challenge>:<counter>") starts with `difficulty` zero bits, then fill the hidden answer.
// SHA-256 is computed here: crypto.subtle exists only on HTTPS pages, and an intranet may serve plain HTTP.
// Runs in slices so that the page stays responsive on a phone; nothing is sent anywhere but the form.
(function () {
  "use strict";
  var box = document.getElementById("proof");
  if (!box) return;
  var form = box.closest("form");
  var challenge = form.querySelector("input[name=proof_challenge]");
  var answer = form.querySelector("input[name=proof_answer]");
  var status = document.getElementById("proof-status");
  var button = form.querySelector("button[type=submit]");
  var difficulty = parseInt(box.getAttribute("data-difficulty"), 10) || 0;

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];
  var W = new Int32Array(64);

  // One 64-byte block into the state (8 words), SHA-256's compression function.
  function compress(state, words, offset) {
    var i;
    for (i = 0; i < 16; i++) W[i] = words[offset + i];
    for (i = 16; i < 64; i++) {
      var x = W[i - 15], y = W[i - 2];
      var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
    for (i = 0; i < 64; i++) {
      var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      var t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    state[0] = (state[0] + a) | 0; state[1] = (state[1] + b) | 0; state[2] = (state[2] + c) | 0; state[3] = (state[3] + d) | 0;
    state[4] = (state[4] + e) | 0; state[5] = (state[5] + f) | 0; state[6] = (state[6] + g) | 0; state[7] = (state[7] + h) | 0;
  }

  var INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

  // A hasher for prefix + suffix (ASCII): the prefix's whole blocks are compressed once.
  function hasher(prefix) {
    var whole = prefix.length - (prefix.length % 64), mid = new Int32Array(INITIAL), i;
    var head = new Int32Array(whole / 4 + 16);
    for (i = 0; i < whole; i++) head[i >> 2] |= prefix.charCodeAt(i) << (24 - (i & 3) * 8);
    for (i = 0; i < whole; i += 64) compress(mid, head, i / 4);
    var rest = prefix.slice(whole), state = new Int32Array(8), tail = new Int32Array(64);
    return function (suffix) {
      var text = rest + suffix, n = text.length, blocks = ((n + 8) >> 6) + 1, k;
      tail.fill(0);
      for (k = 0; k < n; k++) tail[k >> 2] |= text.charCodeAt(k) << (24 - (k & 3) * 8);
      tail[n >> 2] |= 0x80 << (24 - (n & 3) * 8);
      tail[blocks * 16 - 1] = (whole + n) * 8;
      state.set(mid);
      for (k = 0; k < blocks; k++) compress(state, tail, k * 16);
      return state;
    };
  }

  function zeroBits(digest) {
    var bits = 0;
    for (var i = 0; i < 8; i++) {
      if (digest[i] === 0) { bits += 32; continue; }
      return bits + Math.clz32(digest[i]);
    }
    return bits;
  }

  function say(text) { if (status && text) status.textContent = text; }

  var done = false, submitWanted = false;
  function finish(counter) {
    answer.value = String(counter);
    done = true;
    if (button) button.disabled = false;
    say(box.getAttribute("data-done"));
    if (submitWanted) { if (form.requestSubmit) form.requestSubmit(button); else form.submit(); }
  }

  function run() {
    var hash = hasher(challenge.value + ":"), counter = 0;
    if (button) button.disabled = true;
    say(box.getAttribute("data-working"));
    (function slice() {
      var end = counter + 20000;
      for (; counter < end; counter++) {
        if (zeroBits(hash(String(counter))) >= difficulty) { finish(counter); return; }
      }
      setTimeout(slice, 0);
    })();
  }

  form.addEventListener("submit", function (event) {
    if (!done) { event.preventDefault(); submitWanted = true; }
  });
  if (challenge && answer && challenge.value) run();
})();
