"""
Pictures for the starter site, drawn here rather than shipped or downloaded.

A new site needs images on its home page and cards before staff have chosen any.
Photographs of people would be wrong for an organisation whose clients must not
be recognised, so these are calm abstract shapes in the site's purples: a soft
diagonal wash with a few overlapping circles, different for every title. They
are plain decoration (no alt text) and staff are expected to replace them.
"""

import hashlib
import io
import random

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model
from wagtail.models import Collection

SIZE = (1600, 900)

# The brand colours of static/css/site.css, from deep to pale.
PALETTE = [
    (62, 26, 94),  # --colour-brand-dark
    (91, 42, 134),  # --colour-brand
    (128, 84, 168),
    (176, 141, 208),
    (220, 204, 236),
    (244, 239, 249),  # --colour-tint
]


def mix(start, end, share):
    return tuple(round(a + (b - a) * share) for a, b in zip(start, end, strict=True))


def draw_abstract(seed, size=SIZE):
    """A Pillow image: a diagonal wash and soft circles, the same for a seed."""
    chooser = random.Random(seed)  # noqa: S311 - a picture, not a secret
    # Drawn at a quarter of the size and enlarged: the enlargement softens it.
    width, height = size[0] // 4, size[1] // 4
    dark, light = chooser.choice(PALETTE[:3]), chooser.choice(PALETTE[3:])
    # The wash: each column a mix of the two colours, lighter towards one side.
    wash = PillowImage.new("RGB", (width, 1))
    for x in range(width):
        wash.putpixel((x, 0), mix(dark, light, x / (width - 1)))
    picture = wash.resize((width, height)).rotate(chooser.choice([0, 180]))
    for _ in range(chooser.randint(4, 7)):
        radius = chooser.randint(height // 6, height // 2)
        x, y = chooser.randint(0, width), chooser.randint(0, height)
        # A blurred mask of the circle, filled with one colour: no dark fringes.
        mask = PillowImage.new("L", (width, height), 0)
        ImageDraw.Draw(mask).ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=chooser.randint(50, 110),
        )
        picture.paste(
            chooser.choice(PALETTE), (0, 0), mask.filter(ImageFilter.GaussianBlur(6))
        )
    return picture.resize(size, PillowImage.Resampling.BICUBIC)


def make_starter_image(title, seed=None):
    """
    Draw an abstract picture (1600 x 900 JPEG) and save it as a Wagtail image
    called ``title`` in the root collection, with no alt text (it is decoration).
    The same title draws the same picture; ``seed`` picks another one.
    """
    seed = seed if seed is not None else title
    seed_number = int(hashlib.sha256(str(seed).encode()).hexdigest()[:12], 16)
    buffer = io.BytesIO()
    draw_abstract(seed_number).save(buffer, format="JPEG", quality=85)
    image = get_image_model()(
        title=title,
        collection=Collection.get_first_root_node(),
        file=ImageFile(buffer, name=f"{slugify(title) or 'starter'}.jpg"),
    )
    image._set_image_file_metadata()
    image.save()
    return image
