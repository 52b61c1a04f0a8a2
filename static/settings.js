// Progressive enhancement of the settings page; everything works without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  function within(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) found.unshift(root);
    return found;
  }

  // "+ Add a field": once a Snov.io field is chosen, offer only the Pipedrive fields that
  // accept its kind of data (each Pipedrive option lists them in data-accepts, each Snov.io
  // option has its data-kind). The server checks the pair again.
  function filterMappingPairs(root) {
    within(root, "#mapping-add").forEach(function (form) {
      var left = form.querySelector("#id_snovio_field");
      var right = form.querySelector("#id_pipedrive_field");
      if (!left || !right) return;
      var filter = function () {
        var chosen = left.options[left.selectedIndex];
        var kind = chosen && chosen.value ? chosen.dataset.kind : "";
        Array.prototype.forEach.call(right.options, function (option) {
          if (!option.value) return;
          var accepts = (option.dataset.accepts || "").split(" ");
          var ok = !kind || accepts.indexOf(kind) !== -1;
          option.hidden = !ok;
          option.disabled = !ok;
          if (!ok && option.selected) right.value = "";
        });
        right.disabled = !left.value;
      };
      left.addEventListener("change", filter);
      filter();
    });
  }

  // "All lists" makes the individual list boxes irrelevant.
  function syncAllLists(root) {
    within(root, "#id_all_lists").forEach(function (all) {
      var boxes = document.querySelectorAll('input[name="source_list_ids"]');
      var sync = function () {
        boxes.forEach(function (box) { box.disabled = all.checked; });
      };
      all.addEventListener("change", sync);
      sync();
    });
  }

  // Stages follow the chosen pipeline in automation actions.
  function filterStages(root) {
    within(root, "select[data-pipeline-select]").forEach(function (pipeline) {
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
  }

  // An action form shows only what the chosen action needs (pipeline, stage, subject).
  function showActionParameters(root) {
    var specs = readJson("action-specs");
    within(root, "form.add-action").forEach(function (form) {
      var type = form.querySelector('select[name="action_type"]');
      if (!type) return;
      var sync = function () {
        var spec = specs[type.value] || {};
        form.querySelectorAll("[data-needs]").forEach(function (part) {
          part.hidden = !spec[part.dataset.needs];
        });
      };
      type.addEventListener("change", sync);
      sync();
    });
  }

  function enhance(root) {
    filterMappingPairs(root);
    syncAllLists(root);
    filterStages(root);
    showActionParameters(root);
  }

  // Only the latest action's note stays on the page (polls leave them).
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.requestConfig.verb !== "post") return;
    document.querySelectorAll("[data-notes]").forEach(function (notes) {
      notes.replaceChildren();
      notes.removeAttribute("data-notes");
    });
  });

  // After a section is swapped in place, bring its result to the reader: the error summary,
  // else the note of what was done. The "saved as you go" note is announced, not focused, so
  // the choice being made keeps the focus.
  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.target;  // the new content (the old target is gone after outerHTML)
    if (!swapped.querySelector || swapped.id === "exchange-saved") return;
    var result = within(swapped, ".error-summary, [data-notes]")[0];
    if (result) result.focus();
  });

  // A request that gets no usable answer says so where the user acted.
  function sayNotDone(event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    if (!form) return;
    var note = document.createElement("p");
    note.className = "message error";
    note.setAttribute("role", "alert");
    note.textContent = "This did not go through. Reload the page and try again.";
    form.appendChild(note);
  }
  document.addEventListener("htmx:responseError", sayNotDone);
  document.addEventListener("htmx:sendError", sayNotDone);

  // Unsaved entries are never lost silently: leaving the page (a link, or another form's
  // button that reloads it) with a changed form that is not being submitted asks first.
  var submitting = null;
  document.addEventListener("input", markDirty, true);
  document.addEventListener("change", markDirty, true);
  function markDirty(event) {
    var form = event.target.form || (event.target.closest && event.target.closest("form"));
    if (form && (form.hasAttribute("data-draft") || form.hasAttribute("data-guard"))) {
      form.setAttribute("data-dirty", "");
    }
  }
  document.addEventListener("submit", function (event) { submitting = event.target; }, true);
  window.addEventListener("beforeunload", function (event) {
    var dirty = Array.prototype.filter.call(
      document.querySelectorAll("form[data-dirty]"),
      function (form) { return form !== submitting; }
    );
    submitting = null;
    if (dirty.length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Launch (or Save) sends the exchange form as it is on the screen. A choice still being
  // saved as you go carries older values: Launch waits for it, so it can never land last.
  var saving = 0;
  var heldSubmitter = null;
  function isExchange(event) { return event.detail.elt && event.detail.elt.id === "exchange-form"; }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isExchange(event)) saving += 1;
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!isExchange(event)) return;
    saving = Math.max(0, saving - 1);
    if (saving === 0 && heldSubmitter) {
      var submitter = heldSubmitter;
      heldSubmitter = null;
      document.getElementById("exchange-form").requestSubmit(submitter);
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.id !== "exchange-form" || saving === 0) return;
    event.preventDefault();
    heldSubmitter = event.submitter;
  }, true);

  if (window.htmx) {
    window.htmx.onLoad(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  }
})();
