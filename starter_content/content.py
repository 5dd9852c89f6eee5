"""
The starter content that ``bootstrap_site`` creates on a new site.

Facts (the hotline, figures and their source, dates, names of programmes and forms)
come from the organisation's current page; the prose is written for this site.
Staff own every word once it is created: bootstrap never changes it again.
"""

import datetime

# The languages the starter site is offered in besides English, as codes from
# settings.LANGUAGES: those its visitors most often read better than English.
LANGUAGES = ["es", "zh-hant", "zh-hans", "vi", "tl", "ko"]

ORGANISATION = {
    "organisation_name": "My Sister's House",
    "hotline_number": "916-428-3271",
}

# The words on every page, in English; staff translate them in the admin.
SITE_TEXTS = {
    "hotline_text": "If you or someone you know needs help, call us.",
    "footer_text": "My Sister's House serves survivors of domestic violence and human "
    "trafficking in the Sacramento region, with a focus on Asian and Pacific Islander "
    "communities.",
}

HOME = {
    "title": "My Sister's House",
    "slug": "home",
    "introduction": "<p>We stand with survivors of domestic violence and human "
    "trafficking in the Sacramento region, with particular care for Asian and Pacific "
    "Islander communities. Learn how trafficking works, join us at an event, or lend "
    "your legal skills to the people who need them.</p>",
    "hotline_heading": "Need help now?",
    "hotline_text": "If you or someone you know is being hurt by a partner or forced "
    "to work, call us. We can tell you about our programs and services.",
    "hero_heading": "Safety, support and a way forward",
    "hero_text": "We stand beside survivors of domestic violence and human "
    "trafficking in the Sacramento region, in their language and at their pace.",
}

# The home page's three invitations; "page" names the starter page each leads to.
# No donation address is known, so there is no Donate button: staff add the
# donation page in Settings > Site settings and a Donate call to action.
CALLS_TO_ACTION = [
    {
        "heading": "Learn the signs",
        "text": "Trafficking can look like an ordinary job. Know what to look for.",
        "button_label": "What is human trafficking?",
        "page": "what-is-human-trafficking",
    },
    {
        "heading": "Join the Legal Forum",
        "text": "Attorneys and advocates meet to share cases and serve survivors "
        "better.",
        "button_label": "About the Legal Forum",
        "page": "legal-forum",
    },
    {
        "heading": "Volunteer your legal skills",
        "text": "Take on pro bono work for survivors of trafficking.",
        "button_label": "Apply to volunteer",
        "page": "volunteer-pro-bono-attorney-application",
    },
]

RESOURCE_INDEX = {
    "title": "Resources",
    "slug": "resources",
    "show_in_menus": True,
    "introduction": "<p>Plain-language guides to human trafficking and the help "
    "that is available.</p>",
}

ILO = "International Labour Office"

WHAT_IS_TRAFFICKING = {
    "title": "What is human trafficking?",
    "slug": "what-is-human-trafficking",
    "summary": "What trafficking is, the kinds of work people are forced into, how "
    "common it is, and how it reaches the Sacramento region.",
    "body": [
        ("heading", {"text": "A form of modern slavery", "level": "h2"}),
        (
            "paragraph",
            "<p>Human trafficking means using force, fraud or coercion to make "
            "someone work or to exploit them sexually. It is slavery in a present-day "
            "form.</p><p>Anyone younger than 18 who takes part in a commercial sex act "
            "is a victim of sex trafficking, whether or not anyone used force. And "
            "trafficking can happen to anyone: children, women and men of every "
            "background.</p>",
        ),
        ("heading", {"text": "It is not only about sex", "level": "h2"}),
        (
            "paragraph",
            "<p>Prostitution, sex tourism and pornography are what many people picture "
            "first. But a person who is forced or coerced into any kind of work is a "
            "victim of trafficking too. That work includes, among others:</p>",
        ),
        (
            "list",
            {
                "style": "bulleted",
                "items": [
                    "Servile marriage",
                    "Domestic work, such as nannies, caregivers and housekeepers",
                    "Factory work",
                    "Agricultural work",
                    "Construction",
                    "Work in hotels and tourism",
                    "Food service",
                    "Massage",
                    "Other service industries",
                ],
            },
        ),
        (
            "callout",
            {
                "heading": "We can help",
                "text": "If you or someone you know has an abusive partner, call us "
                "to hear about the programs and services we offer.",
                "show_hotline": True,
                "link_page": None,
                "link_url": "",
                "link_text": "",
            },
        ),
        ("heading", {"text": "How big is the problem?", "level": "h2"}),
        (
            "paragraph",
            "<p>Because trafficking is hidden, reliable numbers are hard to find. "
            "These are the International Labour Office's estimates:</p>",
        ),
        (
            "statistic",
            {
                "figure": "20.9 million",
                "label": "people trafficked around the world",
                "source_name": ILO,
                "source_url": "",
            },
        ),
        (
            "statistic",
            {
                "figure": "55%",
                "label": "of them are women and girls",
                "source_name": ILO,
                "source_url": "",
            },
        ),
        (
            "statistic",
            {
                "figure": "45%",
                "label": "of them are men and boys",
                "source_name": ILO,
                "source_url": "",
            },
        ),
        (
            "statistic",
            {
                "figure": "74%",
                "label": "of them are adults",
                "source_name": ILO,
                "source_url": "",
            },
        ),
        (
            "statistic",
            {
                "figure": "26%",
                "label": "of them are children",
                "source_name": ILO,
                "source_url": "",
            },
        ),
        ("heading", {"text": "It happens here too", "level": "h2"}),
        (
            "paragraph",
            "<p>Trafficking is a local problem as well as a global one. The U.S. "
            "State Department counts the United States as a source, a transit point "
            "and a destination for trafficked people. Many of the women trafficked "
            "into the country come from Asian and Pacific Islander countries. Every "
            "year, adults and children who are in the United States legally, "
            "citizens and permanent residents among them, are also trafficked within "
            "its borders.</p>",
        ),
        (
            "paragraph",
            "<p>Trafficking stays mostly out of sight. A victim can look like any of "
            "the people you pass in a day. My Sister's House works to find and "
            "empower victims, and to keep others from being drawn in.</p>",
        ),
    ],
}

EVENT_INDEX = {
    "title": "Events",
    "slug": "events",
    "show_in_menus": True,
    "introduction": "<p>Our annual conference, Legal Forum meetings and other "
    "events.</p>",
}

CONFERENCE_2018 = {
    "title": "Annual Human Trafficking Conference 2018",
    "slug": "annual-human-trafficking-conference-2018",
    "category_slug": "conference",
    "start_date": datetime.date(2018, 1, 16),
    "summary": "Our yearly conference builds knowledge of labor and sex trafficking "
    "in the Greater Sacramento area, and strengthens how the region responds.",
    "body": [
        (
            "paragraph",
            "<p>Each year My Sister's House brings people together to learn about "
            "labor and sex trafficking in the Greater Sacramento area and to improve "
            "how we respond to it as a community.</p>",
        ),
    ],
}

# The Legal Forum's monthly meeting. Bootstrap starts the series on the second
# Tuesday of the month it runs in; the venue stays "to be announced" until staff
# set it, since the organisation's page names none.
LEGAL_FORUM_MEETING = {
    "title": "Legal Forum monthly meeting",
    "slug": "legal-forum-monthly-meeting",
    "category_slug": "legal-forum",
    "start_time": datetime.time(18, 0),
    "end_time": datetime.time(19, 30),
    "repeat": "monthly_weekday",
    "summary": "Volunteer attorneys and others who help victims of human "
    "trafficking meet to connect, talk through the challenges of their cases and "
    "plan how the legal community can serve victims better.",
    "body": [
        (
            "paragraph",
            "<p>The Legal Forum is a committee of the Sacramento Rescue and Restore "
            "Coalition. Members do not have to be attorneys. Non-attorneys may "
            "sometimes be asked to step out while attorneys discuss sensitive "
            "details of a case.</p>",
        ),
    ],
}

LEGAL_FORUM = {
    "title": "Legal Forum",
    "slug": "legal-forum",
    "show_in_menus": True,
    "meeting_category_slug": "legal-forum",
    "body": [
        (
            "paragraph",
            "<p>Are you a legal professional who wants to help victims of human "
            "trafficking? The Legal Forum may be for you.</p>",
        ),
        (
            "paragraph",
            "<p>The Legal Forum is a committee of the Sacramento Rescue and Restore "
            "Victims of Human Trafficking Coalition (the Sacramento Rescue and Restore "
            "Coalition). The coalition belongs to the Sacramento Rescue and Restore "
            "Victims of Human Trafficking Regional Program, which is funded by the "
            "U.S. Department of Health and Human Services. The program identifies "
            "victims and connects them with services, raises public awareness, and "
            "offers training and education on trafficking across Sacramento and "
            "seven neighbouring counties. Two partner agencies, Opening Doors, Inc. "
            "and My Sister's House, run it together throughout the region.</p>",
        ),
        (
            "paragraph",
            "<p>At the Legal Forum, volunteer attorneys meet one another, talk through "
            "the challenges of their cases, and plan how the legal community can "
            "serve trafficking victims better.</p>",
        ),
    ],
    "membership_information": "<p>The Legal Forum welcomes new members at any time. "
    "To join, fill in the Legal Forum Application.</p><p>You do not have to be an "
    "attorney to join. Non-attorneys may sometimes be asked to step out of part of a "
    "meeting so that attorneys can discuss sensitive details of a case.</p><p>If you "
    "are an attorney and would like to take on pro bono work for trafficking "
    "victims, please fill in both the Legal Forum Application and the Volunteer Pro "
    "Bono Attorney Application.</p>",
}

NEWS_INDEX = {
    "title": "News",
    "slug": "news",
    "show_in_menus": True,
    "introduction": "<p>News from My Sister's House, and announcements of what is "
    "coming up.</p>",
}

# Starter articles carry the date bootstrap runs (the field's default); staff
# date their own. "tags" are the names to tag each one with.
CONFERENCE_NEWS = {
    "title": "Our annual conference on human trafficking",
    "slug": "annual-human-trafficking-conference",
    "kind": "news",
    "tags": ["Conference", "Human trafficking"],
    "summary": "Every year we bring the Greater Sacramento area together to learn "
    "about labor and sex trafficking and to improve how the region responds.",
    "body": [
        (
            "paragraph",
            "<p>My Sister's House hosts a conference on human trafficking every "
            "year. It is a day to build knowledge and awareness of labor and sex "
            "trafficking in the Greater Sacramento area, and to strengthen how we "
            "respond to it together.</p>",
        ),
        (
            "paragraph",
            "<p>The 2018 conference was set for January 16, 2018. Details of each "
            "year's conference are posted on our events page.</p>",
        ),
    ],
}

LEGAL_FORUM_ANNOUNCEMENT = {
    "title": "The Legal Forum welcomes new members",
    "slug": "legal-forum-welcomes-new-members",
    "kind": "announcement",
    "tags": ["Legal Forum", "Pro bono"],
    "summary": "Legal professionals who want to help victims of human trafficking "
    "can join the Legal Forum at any time. You do not have to be an attorney.",
    "body": [
        (
            "paragraph",
            "<p>The Legal Forum, a committee of the Sacramento Rescue and Restore "
            "Coalition, is always looking for new members. It is where volunteer "
            "attorneys meet one another, talk through the challenges of their "
            "cases, and plan how the legal community can serve victims of human "
            "trafficking better.</p>",
        ),
        (
            "list",
            {
                "style": "bulleted",
                "items": [
                    "To join, fill in the Legal Forum Application.",
                    "You do not have to be an attorney. Non-attorneys may sometimes "
                    "be asked to step out while attorneys discuss sensitive details "
                    "of a case.",
                    "Attorneys who would like to take on pro bono work for victims "
                    "of trafficking, please fill in both the Legal Forum Application "
                    "and the Volunteer Pro Bono Attorney Application.",
                ],
            },
        ),
    ],
}

PRACTICE_AREAS = (
    "Immigration\nFamily law\nCriminal law\nLabor and employment\nCivil litigation\n"
    "Housing\nPublic benefits\nOther"
)

CONSENT_LABEL = "I agree that My Sister's House may contact me about this application"


def _field(
    label, field_type, required=False, help_text="", choices="", autocomplete=""
):
    return {
        "label": label,
        "field_type": field_type,
        "required": required,
        "help_text": help_text,
        "choices": choices,
        "autocomplete": autocomplete,
    }


CONTACT_FIELDS = [
    _field("Full name", "singleline", required=True, autocomplete="name"),
    _field("Email address", "email", required=True, autocomplete="email"),
    _field(
        "Phone number",
        "phone",
        help_text="Optional. We will only call if email does not reach you.",
        autocomplete="tel",
    ),
]

LEGAL_FORUM_APPLICATION = {
    "title": "Legal Forum Application",
    "slug": "legal-forum-application",
    "introduction": "<p>Apply to join the Legal Forum. You do not need to be an "
    "attorney. A coordinator will read your application and contact you.</p>",
    "thank_you_text": "<p>Thank you for applying to join the Legal Forum. A "
    "coordinator will be in touch with you soon.</p>",
    "subject": "New Legal Forum application",
    "fields": [
        *CONTACT_FIELDS,
        _field("Organization or firm", "singleline", autocomplete="organization"),
        _field("Are you an attorney?", "radio", required=True, choices="Yes\nNo"),
        _field(
            "Bar number",
            "singleline",
            help_text="If you are an attorney.",
        ),
        _field(
            "State of bar admission",
            "singleline",
            help_text="If you are an attorney. List every state if more than one.",
        ),
        _field(
            "Practice areas",
            "checkboxes",
            help_text="Tick all that apply.",
            choices=PRACTICE_AREAS,
        ),
        _field(
            "Languages spoken",
            "singleline",
            help_text="Every language you can work in, including English.",
        ),
        _field(
            "Availability",
            "multiline",
            help_text="When can you usually attend meetings?",
        ),
        _field("How did you hear about the Legal Forum?", "singleline"),
        _field(CONSENT_LABEL, "checkbox", required=True),
    ],
}

PRO_BONO_APPLICATION = {
    "title": "Volunteer Pro Bono Attorney Application",
    "slug": "volunteer-pro-bono-attorney-application",
    "introduction": "<p>For attorneys who would like to give pro bono legal help to "
    "survivors of human trafficking. Please also fill in the Legal Forum "
    "Application if you have not already.</p>",
    "thank_you_text": "<p>Thank you for volunteering. A coordinator will contact you "
    "to talk about how you can help.</p>",
    "subject": "New Volunteer Pro Bono Attorney application",
    "fields": [
        *CONTACT_FIELDS,
        _field("Firm or organization", "singleline", autocomplete="organization"),
        _field("Bar number", "singleline", required=True),
        _field(
            "State of bar admission",
            "singleline",
            required=True,
            help_text="List every state if more than one.",
        ),
        _field(
            "Practice areas",
            "checkboxes",
            required=True,
            help_text="Tick all that apply.",
            choices=PRACTICE_AREAS,
        ),
        _field(
            "Languages spoken",
            "singleline",
            help_text="Every language you can work in, including English.",
        ),
        _field(
            "Availability",
            "multiline",
            help_text="How much time could you give, and when? For example, one case "
            "at a time, or a few hours a month.",
        ),
        _field(
            "Have you sent a Legal Forum Application?",
            "radio",
            required=True,
            choices="Yes\nNo, not yet",
        ),
        _field("How did you hear about us?", "singleline"),
        _field(CONSENT_LABEL, "checkbox", required=True),
    ],
}

BROWSE_SAFELY = {
    "title": "Browse safely",
    "slug": "browse-safely",
    "summary": "What the 'Exit this page' button can and cannot hide, and how to look "
    "for help with less risk of someone finding out.",
    "body": [
        (
            "paragraph",
            "<p>If someone checks your phone or computer, visiting this site could "
            "put you at risk. Here is what our quick exit does, what it cannot do, "
            "and some ways to stay safer.</p>",
        ),
        ("heading", {"text": "What 'Exit this page' does", "level": "h2"}),
        (
            "list",
            {
                "style": "bulleted",
                "items": [
                    "It hides this page at once and opens a weather forecast in "
                    "the same tab.",
                    "It replaces our page in this tab's history, so pressing Back "
                    "does not bring it back.",
                    "You can also leave by pressing the Shift key three times.",
                ],
            },
        ),
        ("heading", {"text": "What it cannot do", "level": "h2"}),
        (
            "list",
            {
                "style": "bulleted",
                "items": [
                    "It does not erase your browsing history: other pages of our "
                    "site you opened may still be listed there.",
                    "It does not close other tabs or windows you have open.",
                    "It cannot hide anything from monitoring software (spyware) or "
                    "from someone who can see your accounts on another device.",
                    "On a shared or work computer, others may still be able to see "
                    "where you have been.",
                ],
            },
        ),
        ("heading", {"text": "Remove single pages from your history", "level": "h2"}),
        (
            "paragraph",
            "<p>Clearing all of your history can itself look suspicious. It is "
            "often safer to remove only the pages you do not want seen:</p>",
        ),
        (
            "list",
            {
                "style": "bulleted",
                "items": [
                    "Chrome on a computer: open History (Ctrl+H, or Cmd+Y on a Mac), "
                    "tick the pages and choose Delete.",
                    "Chrome on a phone: open the menu, then History, and tap the "
                    "cross next to each page.",
                    "Firefox: open History, right-click a page and choose Delete Page.",
                    "Safari on an iPhone: tap the bookmarks button, open History, "
                    "and swipe left on a page to delete it.",
                    "Safari on a Mac: open History, right-click a page and choose "
                    "Delete.",
                    "Edge: open History (Ctrl+H) and select the cross next to a page.",
                ],
            },
        ),
        ("heading", {"text": "Other ways to stay safer", "level": "h2"}),
        (
            "list",
            {
                "style": "bulleted",
                "items": [
                    "Use a private or incognito window: it keeps no history once "
                    "you close it.",
                    "If you think your phone or computer is being watched, use a "
                    "device the other person cannot reach, such as one at a "
                    "library, at work or at a friend's home.",
                    "Calling is often safer than searching. Our hotline can talk "
                    "you through your options.",
                ],
            },
        ),
        (
            "callout",
            {
                "heading": "Talk to someone",
                "text": "You do not have to work this out alone.",
                "show_hotline": True,
                "link_page": None,
                "link_url": "",
                "link_text": "",
            },
        ),
    ],
}


PRIVACY = {
    "title": "Privacy",
    "slug": "privacy",
    "summary": "What this website and its application forms collect, who can read "
    "it, and how long we keep it.",
    "body": [
        (
            "paragraph",
            "<p>Many people who visit this site are in danger, and some use a "
            "device that someone else can check. We built the site to learn as "
            "little about you as it can.</p>",
        ),
        ("heading", {"text": "When you read the site", "level": "h2"}),
        (
            "list",
            {
                "style": "bulleted",
                "items": [
                    "We run no analytics, advertising or tracking tools, and no "
                    "like or share buttons.",
                    "Every page, font and picture comes from our own site: your "
                    "browser does not contact any other company while you are "
                    "here.",
                    "We set no lasting cookies. The forms use one short-lived "
                    "security cookie that your browser deletes when you close it.",
                    "Like every website, ours sees the internet address your "
                    "device connects from. We use it only to protect the site, for "
                    "example to slow down someone sending a form again and again.",
                ],
            },
        ),
        ("heading", {"text": "When you send an application", "level": "h2"}),
        (
            "paragraph",
            "<p>The Legal Forum Application and the Volunteer Pro Bono Attorney "
            "Application ask for your contact details and for information about "
            "your practice. Only the staff who review applications can read "
            "your answers, after signing in with a password and a second check. "
            "We use your answers to consider your application and to contact you "
            "about it, and for nothing else.</p>"
            "<p>We keep each application for 365 days. After that it is deleted "
            "for good, automatically. If you would like us to delete yours "
            "sooner, or to tell you what we hold, contact us.</p>",
        ),
        (
            "callout",
            {
                "heading": "Questions about your information?",
                "text": "Call us, and we will explain what we hold and what we do "
                "with it.",
                "show_hotline": True,
                "link_page": None,
                "link_url": "",
                "link_text": "",
            },
        ),
    ],
}
