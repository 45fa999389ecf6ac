"use strict";
// Accessible names for the admin's autocomplete widgets (select2 4.0, bundled
// with Django): select2 hides the labelled <select> and shows a combobox named
// only by its current value, so an empty one has no name at all. Each combobox
// (and the read-only textbox showing its value) is named by the field's label
// instead, followed by the value. select2 also puts its mouse-only "clear all"
// cross inside the list of chosen values, where a list may hold only items:
// it is hidden from assistive technology (Backspace clears from the keyboard).
//
// select2 builds its markup after this script runs, again for each inline row
// added, and re-renders the chosen values on every change: an observer
// catches them all.
{
    const labelIdFor = (select) => {
        const label = select.labels && select.labels[0];
        if (!label) {
            return null;
        }
        if (!label.id) {
            label.id = `${select.id}-label`;
        }
        return label.id;
    };

    const nameWidgets = (root) => {
        root.querySelectorAll(".select2-container").forEach((container) => {
            const select = container.previousElementSibling;
            const combobox = container.querySelector(".select2-selection[role=combobox]");
            if (!select || select.tagName !== "SELECT" || !combobox) {
                return;
            }
            const labelId = labelIdFor(select);
            if (!labelId) {
                return;
            }
            const rendered = combobox.querySelector(".select2-selection__rendered[id]");
            const names = rendered ? `${labelId} ${rendered.id}` : labelId;
            if (combobox.getAttribute("aria-labelledby") !== names) {
                combobox.setAttribute("aria-labelledby", names);
            }
            if (rendered && rendered.getAttribute("role") === "textbox") {
                rendered.setAttribute("aria-labelledby", labelId);
            }
            const search = container.querySelector(".select2-search__field");
            if (search && !search.hasAttribute("aria-labelledby")) {
                search.setAttribute("aria-labelledby", labelId);
            }
        });
        root.querySelectorAll(".select2-selection__clear").forEach((cross) => {
            cross.setAttribute("aria-hidden", "true");
        });
    };

    const observer = new MutationObserver((mutations) => {
        if (mutations.some((mutation) => mutation.addedNodes.length)) {
            nameWidgets(document);
        }
    });

    document.addEventListener("DOMContentLoaded", () => {
        nameWidgets(document);
        observer.observe(document.body, {childList: true, subtree: true});
    });
}
