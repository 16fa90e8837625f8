/* The portal's additions to Decap CMS, loaded after decap-cms.js on /quan-tri/.
 *
 * window.PORTAL_CONTRACT (portal-contract.js) is generated from generator/contract.py:
 * the type of every field (`shape`), the online levels that need a url, the mark that
 * tells procedure files from agency.yaml. Nothing here is loaded from another host.
 *
 * - format "portal-yaml": reads YAML with every value as the text that was written
 *   (js-yaml's failsafe schema), then types only the fields the contract types — so
 *   `code: 1.000100` stays "1.000100" (Decap's own YAML reader makes it 1.0001) and
 *   `amount: 200.000` stays "200.000", which the form then refuses. Writes keys in the
 *   contract's order, text that would read as a number quoted (`code: "1.000100"`),
 *   and leaves out empty optional fields.
 * - widget "portal-dong": whole đồng as a text box (Decap's number box reads "200.000"
 *   as 200): kept as typed, a number once it is digits only; its pattern refuses the rest.
 * - widget "portal-online-url": the online url, required when the level needs one.
 */
(function () {
  "use strict";
  var contract = window.PORTAL_CONTRACT;
  var CMS = window.CMS;
  var h = window.h;
  var DIGITS = /^\s*[0-9]+\s*$/;
  var DECIMAL = /^\s*[0-9]+(\.[0-9]+)?\s*$/;

  function typed(value, shape) {
    if (value === null || value === undefined) return value;
    if (Array.isArray(shape)) {
      return Array.isArray(value) ? value.map(function (item) { return typed(item, shape[0]); }) : value;
    }
    if (shape === "postal-or-flag") shape = contract.postal;
    if (typeof shape === "object") {
      if (shape === contract.postal && typeof value === "string" && /^(true|false)$/i.test(value)) {
        var flag = value.toLowerCase() === "true";  // postal: true = submit and return by post
        return { submit: flag, "return": flag };
      }
      if (typeof value !== "object" || Array.isArray(value)) return value;
      var out = {};
      Object.keys(value).forEach(function (key) {
        out[key] = key in shape ? typed(value[key], shape[key]) : value[key];
      });
      return out;
    }
    if (typeof value !== "string") return value;
    if (shape === "int") return DIGITS.test(value) ? parseInt(value, 10) : value;
    if (shape === "number") return DECIMAL.test(value) ? parseFloat(value) : value;
    if (shape === "bool") return /^(true|false)$/i.test(value) ? value.toLowerCase() === "true" : value;
    return value;
  }

  function isEmpty(value) {
    return value === null || value === undefined || value === "" ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
  }

  function cleaned(value, shape) {
    if (Array.isArray(value)) {
      var itemShape = Array.isArray(shape) ? shape[0] : undefined;
      return value.map(function (item) { return cleaned(item, itemShape); }).filter(function (item) { return !isEmpty(item); });
    }
    if (value && typeof value === "object") {
      if (shape === "postal-or-flag") shape = contract.postal;
      var known = shape && typeof shape === "object" ? Object.keys(shape) : [];
      var keys = known.filter(function (key) { return key in value; })
        .concat(Object.keys(value).filter(function (key) { return known.indexOf(key) < 0; }));
      var out = {};
      keys.forEach(function (key) {
        if (key === contract.mark) return;
        var item = cleaned(value[key], shape && shape[key]);
        if (!isEmpty(item)) out[key] = item;
      });
      return out;
    }
    if (typeof value === "string") return value.replace(/\s+$/, "") === "" ? "" : value;
    return value;
  }

  CMS.registerCustomFormat("portal-yaml", "yaml", {
    fromFile: function (content) {
      var data = window.jsyaml.load(content || "", { schema: window.jsyaml.FAILSAFE_SCHEMA }) || {};
      data = typed(data, contract.shape);
      if ("code" in data) data[contract.mark] = true;
      return data;
    },
    toFile: function (data) {
      data = cleaned(data, contract.shape);
      var postal = data.postal;
      if (postal && typeof postal === "object" && Object.keys(postal).length === 2 && postal.submit === postal["return"]) {
        if (postal.submit === true) data.postal = true;  // the short form: both by post
        else if (postal.submit === false) delete data.postal;  // neither: as if absent
      }
      var text = window.jsyaml.dump(data, {
        lineWidth: -1, noRefs: true, quotingType: '"', schema: window.jsyaml.CORE_SCHEMA,
      });
      // agency.yaml keeps the line that gives VS Code its schema (the form drops every other comment)
      return "code" in data ? text : contract.agencyHeader + "\n" + text;
    },
  });

  // Decap's Vietnamese phrases lack a few buttons (they show in English): filled in here.
  function merged(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra).forEach(function (key) {
      out[key] = typeof extra[key] === "object" ? merged(base && base[key] || {}, extra[key]) : extra[key];
    });
    return out;
  }
  if (CMS.getLocale && CMS.getLocale("vi")) {
    CMS.registerLocale("vi", merged(CMS.getLocale("vi"), contract.phrases));
  }

  var StringControl = CMS.getWidget("string").control;
  var StringPreview = CMS.getWidget("string").preview;

  function error(props, message) {
    var label = props.field.get("label", props.field.get("name"));
    return { error: { type: "CUSTOM", message: label + ": " + message } };
  }

  // Whole đồng: the text is kept as typed until it is digits only, then stored as a number; the field's
  // pattern (digits only) refuses the rest, so "200.000" is never saved, nor read as 200.
  var DongControl = window.createClass({
    handleChange: function (event) {
      var text = event.target.value;
      this.props.onChange(DIGITS.test(text) ? parseInt(text, 10) : text);
    },
    render: function () {
      var value = this.props.value;
      return h("input", {
        type: "text", inputMode: "numeric", id: this.props.forID, className: this.props.classNameWrapper,
        value: value === null || value === undefined ? "" : String(value),
        onChange: this.handleChange, onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
      });
    },
  });
  CMS.registerWidget("portal-dong", DongControl, StringPreview);

  // The online url: Decap has no conditional "required", so the control checks the level itself.
  var OnlineUrlControl = window.createClass({
    isValid: function () {
      var entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
      var level = entry && entry.getIn(["data", "online", "level"]);
      var value = this.props.value;
      if (level !== undefined && level !== null && contract.needUrl.indexOf(String(level)) >= 0 && !value) {
        return error(this.props, contract.messages.needUrl.replace("{level}", String(level)));
      }
      return true;
    },
    render: function () {
      return h(StringControl, this.props);
    },
  });
  CMS.registerWidget("portal-online-url", OnlineUrlControl, StringPreview);
})();
