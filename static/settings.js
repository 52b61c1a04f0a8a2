// Progressive enhancement of the settings page; everything works without it.
(function () {
  "use strict";
  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  // "+ Add a field": once a Snov.io field is chosen, offer only Pipedrive fields of the same
  // kind. The server checks the pair again.
  var snovioKinds = readJson("snovio-kinds");
  var pipedriveKinds = readJson("pipedrive-kinds");
  var left = document.getElementById("id_snovio_field");
  var right = document.getElementById("id_pipedrive_field");
  if (left && right) {
    var filter = function () {
      var kind = snovioKinds[left.value];
      Array.prototype.forEach.call(right.options, function (option) {
        if (!option.value) return;
        var ok = !kind || pipedriveKinds[option.value] === kind;
        option.hidden = !ok;
        option.disabled = !ok;
        if (!ok && option.selected) right.value = "";
      });
      right.disabled = !left.value;
    };
    left.addEventListener("change", filter);
    filter();
  }

  // "All lists" makes the individual list boxes irrelevant.
  var all = document.getElementById("id_all_lists");
  if (all) {
    var boxes = document.querySelectorAll('input[name="source_list_ids"]');
    var sync = function () {
      boxes.forEach(function (box) { box.disabled = all.checked; });
    };
    all.addEventListener("change", sync);
    sync();
  }

  // Stages follow the chosen pipeline in automation actions.
  document.querySelectorAll("select[data-pipeline-select]").forEach(function (pipeline) {
    var stage = document.getElementById(pipeline.dataset.pipelineSelect);
    if (!stage) return;
    var sync = function () {
      Array.prototype.forEach.call(stage.options, function (option) {
        if (!option.value) return;
        var ok = option.dataset.pipeline === pipeline.value;
        option.hidden = !ok;
        option.disabled = !ok;
        if (!ok && option.selected) stage.value = "";
      });
    };
    pipeline.addEventListener("change", sync);
    sync();
  });
})();
