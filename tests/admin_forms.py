"""Admin forms filled in as a browser would send them back."""

import re

from bs4 import BeautifulSoup


def form_data(response, form_id=None):
    """
    The fields of the admin form in ``response`` (the one with ``form_id``, or
    the first that posts), with their current values, as a browser would send
    them: hidden management fields included, unchecked boxes and buttons left
    out. StreamFields, which the browser's script fills in, are sent empty.
    """
    page = BeautifulSoup(response.content, "html.parser")
    if form_id:
        form = page.find("form", id=form_id)
    else:
        form = page.find("form", attrs={"method": re.compile("post", re.IGNORECASE)})
    data = {}
    for tag in form.find_all(["input", "textarea", "select"]):
        name = tag.get("name")
        if not name or tag.get("type") in ("submit", "button", "file"):
            continue
        if tag.name == "textarea":
            data[name] = tag.get_text()
        elif tag.name == "select":
            chosen = tag.find_all("option", selected=True)
            values = [option.get("value", "") for option in chosen]
            if tag.has_attr("multiple"):
                data[name] = values
            else:
                first = tag.find("option")
                data[name] = (
                    values[0] if values else (first.get("value", "") if first else "")
                )
        elif tag.get("type") in ("checkbox", "radio"):
            if tag.has_attr("checked"):
                if tag.get("type") == "checkbox" and name in data:
                    data[name] = [*_as_list(data[name]), tag.get("value", "on")]
                else:
                    data[name] = tag.get("value", "on")
        else:
            data[name] = tag.get("value", "")
    for stream in form.select("[data-controller~=w-block][id]"):
        data.setdefault(f"{stream['id']}-count", "0")
    return data


def _as_list(value):
    return value if isinstance(value, list) else [value]
