"use strict";
// Django's calendar shortcut adds "Note: Enter times in the <server's> timezone"
// under every date and time box whose browser runs in another time zone. Here a
// date is a calendar day (agreements take effect on a day, wherever one reads
// it) and an event's times are in the time zone recorded with the event: the
// note would be wrong for both. DateTimeShortcuts.js runs after this script and
// sets its boxes up on "load"; its note is switched off in between.
document.addEventListener("DOMContentLoaded", () => {
    if (typeof DateTimeShortcuts !== "undefined") {
        DateTimeShortcuts.addTimezoneWarning = () => {};
    }
});
