// Copy buttons: each names the element whose text it copies (data-copy). A separate file because the
// admin UI's content security policy allows scripts from its own origin only.
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
  var done = function () {
    button.setAttribute('data-copied', 'true');
    button.textContent = 'Copied';
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    var area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    document.body.removeChild(area);
    done();
  }
});
