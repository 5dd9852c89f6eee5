"""The shared body blocks refuse content that would confuse or exclude readers."""

import pytest
import wagtail_factories
from wagtail.blocks import StructBlockValidationError

from site_core.blocks import BodyBlock, CalloutBlock, ImageBlock

pytestmark = pytest.mark.django_db


def test_image_needs_alt_text_unless_decorative():
    block = ImageBlock()
    image = wagtail_factories.ImageFactory()
    value = block.to_python({"image": image.pk, "alt_text": "", "decorative": False})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "alt_text" in error.value.block_errors

    decorative = block.to_python(
        {"image": image.pk, "alt_text": "", "decorative": True}
    )
    assert block.clean(decorative)["decorative"] is True


def test_callout_link_needs_words_and_only_one_target():
    block = CalloutBlock()
    no_text = block.to_python(
        {"heading": "Apply", "link_url": "https://example.org", "link_text": ""}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(no_text)
    assert "link_text" in error.value.block_errors


def test_every_block_type_has_an_icon_template_and_description():
    for name, child in BodyBlock().child_blocks.items():
        assert child.meta.icon and child.meta.icon != "placeholder", name
        assert child.meta.template.startswith("components/"), name
        assert child.meta.description, name
