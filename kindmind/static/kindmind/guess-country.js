// Sign-up: suggest the country whose crisis numbers the Help page shows, from the
// browser's timezone and then its languages. Only a suggestion: the person sees it, can
// change it or choose "Not chosen", and without this file the list simply starts empty.
(function () {
  "use strict";

  // Timezones that lie in one of the countries kindmind lists by default. A deployer's
  // other countries are still suggested from the browser's languages below.
  var PREFIXES = [
    ["Australia/", "AU"],
    ["America/Indiana/", "US"],
    ["America/Kentucky/", "US"],
    ["America/North_Dakota/", "US"]
  ];
  var ZONES = {
    "Europe/London": "GB", "Europe/Belfast": "GB", "GB": "GB",
    "Europe/Dublin": "IE", "Eire": "IE",
    "Pacific/Auckland": "NZ", "Pacific/Chatham": "NZ", "NZ": "NZ",
    "Asia/Kolkata": "IN", "Asia/Calcutta": "IN",
    "Africa/Johannesburg": "ZA",
    "America/New_York": "US", "America/Chicago": "US", "America/Denver": "US",
    "America/Los_Angeles": "US", "America/Phoenix": "US", "America/Anchorage": "US",
    "America/Detroit": "US", "America/Boise": "US", "America/Juneau": "US",
    "America/Adak": "US", "America/Nome": "US", "America/Sitka": "US",
    "America/Yakutat": "US", "America/Metlakatla": "US", "America/Menominee": "US",
    "Pacific/Honolulu": "US",
    "America/Toronto": "CA", "America/Montreal": "CA", "America/Vancouver": "CA",
    "America/Edmonton": "CA", "America/Winnipeg": "CA", "America/Regina": "CA",
    "America/Halifax": "CA", "America/St_Johns": "CA", "America/Moncton": "CA",
    "America/Glace_Bay": "CA", "America/Goose_Bay": "CA", "America/Whitehorse": "CA",
    "America/Dawson": "CA", "America/Dawson_Creek": "CA", "America/Fort_Nelson": "CA",
    "America/Creston": "CA", "America/Yellowknife": "CA", "America/Inuvik": "CA",
    "America/Iqaluit": "CA", "America/Rankin_Inlet": "CA", "America/Resolute": "CA",
    "America/Cambridge_Bay": "CA", "America/Swift_Current": "CA",
    "America/Atikokan": "CA", "America/Blanc-Sablon": "CA", "America/Thunder_Bay": "CA"
  };

  function fromTimezone() {
    if (!window.Intl || !Intl.DateTimeFormat) return null;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    if (ZONES.hasOwnProperty(zone)) return ZONES[zone];
    for (var i = 0; i < PREFIXES.length; i++) {
      if (zone.indexOf(PREFIXES[i][0]) === 0) return PREFIXES[i][1];
    }
    return null;
  }

  function fromLanguages() {
    var tags = navigator.languages && navigator.languages.length
      ? navigator.languages : [navigator.language || ""];
    var found = [];
    for (var i = 0; i < tags.length; i++) {
      var parts = String(tags[i]).split(/[-_]/).slice(1);
      if (parts.length && /^[A-Za-z]{4}$/.test(parts[0])) parts = parts.slice(1);
      if (parts.length && /^[A-Za-z]{2}$/.test(parts[0])) found.push(parts[0].toUpperCase());
    }
    return found;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[data-guess-country]");
    // Never overwrite a choice, e.g. when the form comes back with something to fix.
    if (!select || select.value !== "") return;
    var offered = {};
    for (var i = 0; i < select.options.length; i++) offered[select.options[i].value] = true;
    var candidates = [fromTimezone()].concat(fromLanguages());
    for (var j = 0; j < candidates.length; j++) {
      var code = candidates[j];
      if (code && code !== "ZZ" && offered[code]) {
        select.value = code;
        var note = document.getElementById(select.id + "-guessed");
        if (note) note.hidden = false;
        return;
      }
    }
  });
})();
