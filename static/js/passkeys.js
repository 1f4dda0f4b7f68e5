// After django-otp-webauthn's script has stored a new passkey, load the 2FA page again so that its list
// (and the confirmation message) show it. No inline script: the Content Security Policy forbids those.
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
