// Wagtail's date and time pickers replace text they cannot read with today's
// date (or read "2pm" as 02:00) when the field loses focus, and autosave then
// stores the guess. Leave what was typed alone: the server reads it, or says
// how to write it.
window.jQuery.fn.datetimepicker.defaults.validateOnBlur = false;
