/* Passkeys. allauth's webauthn.js asks the browser for the passkey and posts it; this file
   tells her when that did not happen (allauth's script only logs it to the console), and in a
   browser without passkeys hides their buttons and says so. */
(function () {
  'use strict'

  document.addEventListener('allauth.error', function (event) {
    const message = document.getElementById('passkey-error')
    if (!message) return
    event.preventDefault()
    message.hidden = false
  })

  document.addEventListener('DOMContentLoaded', function () {
    if (window.PublicKeyCredential) return
    document.querySelectorAll('[data-passkey]').forEach(function (element) {
      element.hidden = true
    })
    document.querySelectorAll('[data-passkey-unsupported]').forEach(function (element) {
      element.hidden = false
    })
  })
})()
