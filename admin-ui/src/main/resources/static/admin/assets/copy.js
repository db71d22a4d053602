// Copy buttons: each names the element whose text it copies (data-copy). A separate file because the
// admin UI's content security policy allows scripts from its own origin only.
(function () {
  function copyWithSelection(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (e) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  function mark(button, copied) {
    button.setAttribute('data-copied', copied ? 'true' : 'false');
    button.textContent = copied ? 'Copied' : 'Select and copy by hand';
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button.copy');
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) {
      return;
    }
    var text = source.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        mark(button, true);
      }, function () {
        mark(button, copyWithSelection(text));
      });
    } else {
      mark(button, copyWithSelection(text));
    }
  });
})();
