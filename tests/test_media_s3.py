"""
Images and documents in S3, against a real S3 HTTP endpoint (moto's server).

Checked: uploads land in the bucket; pages link renditions that visitors can
download; renditions of images in restricted collections stay out of the public
prefix and are linked with signed URLs, and public ones go when an image becomes
restricted; documents go through the serve view, public and private; duplicate
names get their own keys; a broken store gives editors a clear error, leaves no
rows behind and never breaks a public page; check_storage and copy_media_to_s3.
"""

import io
from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from site_core.media_privacy import is_restricted
from site_core.storage import s3_storages
from tests import s3
from tests.auth import sign_in
from tests.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


@pytest.fixture(scope="module")
def moto():
    server = s3.MotoServer()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def moto_checking_credentials():
    server = s3.MotoServer(enforce_auth=True)
    yield server
    server.stop()


@pytest.fixture
def bucket(moto, settings, monkeypatch):
    name = moto.new_bucket()
    s3.point_media_at(settings, monkeypatch, moto.endpoint, name)
    return name


@pytest.fixture
def unreachable_store(settings, monkeypatch):
    s3.point_media_at(
        settings, monkeypatch, f"http://127.0.0.1:{s3.free_port()}", "media-gone"
    )


@pytest.fixture
def wrong_credentials(moto_checking_credentials, settings, monkeypatch):
    s3.point_media_at(
        settings, monkeypatch, moto_checking_credentials.endpoint, "media-locked"
    )


@pytest.fixture
def admin_client(db):
    """A signed-in administrator, separate from the anonymous ``client``."""
    admin = Client()
    sign_in(
        admin, get_user_model().objects.create_superuser("admin", password="x" * 16)
    )
    return admin


def keys(moto, bucket):
    listing = moto.client().list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def png_bytes(colour="purple"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), colour).save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(client, name="outreach.png"):
    upload = ContentFile(png_bytes(), name=name)
    return client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload, "collection": Collection.get_first_root_node().pk},
    )


def upload_document(client, name="flyer.pdf", content=b"%PDF-1.4 flyer"):
    return client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": ContentFile(content, name=name),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def page_with_image(home, image):
    index = ResourceIndexPageFactory(parent=home)
    return ResourcePageFactory(
        parent=index,
        body=[
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": "A purple square",
                    "decorative": False,
                    "caption": "",
                },
            }
        ],
    )


def img_src(response):
    from bs4 import BeautifulSoup

    image = BeautifulSoup(response.content, "html.parser").select_one(
        ".block-image img"
    )
    return image["src"] if image else None


class TestImages:
    def test_upload_rendition_and_page_use_the_bucket(
        self, admin_client, client, home, moto, bucket
    ):
        response = upload_image(admin_client)
        assert response.json()["success"], response.json()
        image = Image.objects.get()
        assert image.file.name.startswith("original_images/outreach")
        originals = [k for k in keys(moto, bucket) if not k.startswith("public/")]
        assert originals == [image.file.name]

        # The original is private: not readable without a signature.
        status, _ = s3.get(f"{moto.endpoint}/{bucket}/{image.file.name}")
        assert status == 403

        page = page_with_image(home, image)
        response = client.get(page.url)
        assert response.status_code == 200
        src = img_src(response)
        rendition = image.renditions.get()
        assert f"public/{rendition.file.name}" in keys(moto, bucket)
        # A plain, stable URL (no signature) that a visitor can download.
        assert src == f"{moto.endpoint}/{bucket}/public/{rendition.file.name}"
        status, body = s3.get(src)
        assert status == 200
        assert PILImage.open(io.BytesIO(body)).size == (640, 480)

    def test_same_file_name_twice_gets_two_keys(self, admin_client, moto, bucket):
        assert upload_image(admin_client, "photo.png").json()["success"]
        assert upload_image(admin_client, "photo.png").json()["success"]
        names = sorted(Image.objects.values_list("file", flat=True))
        assert len(set(names)) == 2
        assert [k for k in keys(moto, bucket) if k.startswith("original_")] == names


@pytest.fixture
def private_collection():
    collection = Collection.get_first_root_node().add_child(name="Survivors' stories")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=BaseViewRestriction.LOGIN
    )
    return collection


def member_client():
    member = Client()
    sign_in(member, get_user_model().objects.create_user("member", password="x" * 16))
    return member


def members_page_with_image(home, image):
    """A page only signed-in visitors may open, showing ``image``."""
    page = page_with_image(home, image)
    PageViewRestriction.objects.create(
        page=page, restriction_type=BaseViewRestriction.LOGIN
    )
    return page


def unsigned(url):
    return url.split("?")[0]


def assert_signed(url):
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query


class TestPrivateRenditions:
    """Renditions of images in restricted collections never sit under public/."""

    def test_are_stored_privately_and_linked_with_signed_urls(
        self, home, moto, bucket, private_collection
    ):
        image = Image.objects.create(
            title="Photo",
            file=ContentFile(png_bytes(), name="photo.png"),
            collection=private_collection,
        )
        page = members_page_with_image(home, image)
        response = member_client().get(page.url)
        assert response.status_code == 200
        src = img_src(response)

        rendition = image.renditions.get()
        assert rendition.file.name.startswith("private_renditions/")
        assert rendition.file.name in keys(moto, bucket)
        assert not [key for key in keys(moto, bucket) if key.startswith("public/")]
        assert unsigned(src) == f"{moto.endpoint}/{bucket}/{rendition.file.name}"
        assert_signed(src)
        status, body = s3.get(src)
        assert status == 200
        assert PILImage.open(io.BytesIO(body)).size == (640, 480)
        # Without the signature, and at the public address it would have had,
        # nobody can read it.
        assert s3.get(unsigned(src))[0] == 403
        public_url = f"{moto.endpoint}/{bucket}/public/{rendition.file.name}"
        assert s3.get(public_url)[0] != 200
        public_style = f"{moto.endpoint}/{bucket}/public/images/"
        public_style += rendition.file.name.rsplit("/", 1)[1]
        assert s3.get(public_style)[0] != 200

    def test_several_at_once_are_private_too(self, moto, bucket, private_collection):
        image = Image.objects.create(
            title="Photo",
            file=ContentFile(png_bytes(), name="photo.png"),
            collection=private_collection,
        )
        # Wagtail makes these together (as {% picture %} and srcset do), in bulk.
        renditions = image.get_renditions("max-100x100", "fill-50x50", "width-300")
        for rendition in renditions.values():
            assert rendition.file.name.startswith("private_renditions/")
            assert_signed(rendition.url)
            assert s3.get(rendition.url)[0] == 200
        assert not [key for key in keys(moto, bucket) if key.startswith("public/")]

    def test_moving_an_image_into_a_restricted_collection_removes_its_public_ones(
        self,
        client,
        home,
        moto,
        bucket,
        private_collection,
        django_capture_on_commit_callbacks,
    ):
        image = Image.objects.create(
            title="Photo", file=ContentFile(png_bytes(), name="photo.png")
        )
        page = page_with_image(home, image)
        public_src = img_src(client.get(page.url))
        assert s3.get(public_src)[0] == 200
        assert [k for k in keys(moto, bucket) if k.startswith("public/")]

        with django_capture_on_commit_callbacks(execute=True):
            image.collection = private_collection
            image.save()
        assert not image.renditions.exists()
        assert not [k for k in keys(moto, bucket) if k.startswith("public/")]
        assert s3.get(public_src)[0] != 200

        # Shown again, it is made again, privately.
        src = img_src(client.get(page.url))
        assert unsigned(src) != src
        assert_signed(src)
        assert image.renditions.get().file.name.startswith("private_renditions/")
        assert not [k for k in keys(moto, bucket) if k.startswith("public/")]

    def test_moving_it_in_the_admin_does_the_same(
        self,
        admin_client,
        client,
        home,
        moto,
        bucket,
        private_collection,
        django_capture_on_commit_callbacks,
    ):
        image = Image.objects.create(
            title="Photo", file=ContentFile(png_bytes(), name="photo.png")
        )
        page = page_with_image(home, image)
        assert s3.get(img_src(client.get(page.url)))[0] == 200

        edit = reverse("wagtailimages:edit", args=[image.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                edit,
                {"title": "Photo", "collection": private_collection.pk, "tags": ""},
            )
        assert response.status_code == 302, response.context["form"].errors
        assert not [k for k in keys(moto, bucket) if k.startswith("public/")]

    def test_making_a_collection_private_removes_its_public_ones(
        self, client, home, moto, bucket, django_capture_on_commit_callbacks
    ):
        collection = Collection.get_first_root_node().add_child(name="Events")
        inner = collection.add_child(name="Spring fair")
        image = Image.objects.create(
            title="Photo",
            file=ContentFile(png_bytes(), name="photo.png"),
            collection=inner,
        )
        page = page_with_image(home, image)
        public_src = img_src(client.get(page.url))
        assert s3.get(public_src)[0] == 200

        with django_capture_on_commit_callbacks(execute=True):
            restriction = CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=BaseViewRestriction.LOGIN
            )
        assert s3.get(public_src)[0] != 200
        assert not [k for k in keys(moto, bucket) if k.startswith("public/")]
        private_src = img_src(client.get(page.url))
        assert_signed(private_src)

        # Made public again: the private copies go, and public ones come back.
        with django_capture_on_commit_callbacks(execute=True):
            restriction.delete()
        assert s3.get(private_src)[0] != 200
        assert not [k for k in keys(moto, bucket) if k.startswith("private_")]
        src = img_src(client.get(page.url))
        assert src == unsigned(src)
        assert s3.get(src)[0] == 200

    def test_migrate_tidies_what_no_signal_reports(
        self, client, home, moto, bucket, private_collection
    ):
        # Moving a collection in the tree sends no signal.
        collection = Collection.get_first_root_node().add_child(name="Events")
        image = Image.objects.create(
            title="Photo",
            file=ContentFile(png_bytes(), name="photo.png"),
            collection=collection,
        )
        page = page_with_image(home, image)
        public_src = img_src(client.get(page.url))
        # Collections are kept in name order: reload both after adding one.
        collection.refresh_from_db()
        private_collection.refresh_from_db()
        collection.move(private_collection, "sorted-child")
        assert is_restricted(image)
        assert s3.get(public_src)[0] == 200

        call_command("migrate", interactive=False, verbosity=0)
        assert s3.get(public_src)[0] != 200
        assert not [k for k in keys(moto, bucket) if k.startswith("public/")]
        assert_signed(img_src(client.get(page.url)))


class TestDocuments:
    def test_public_document_redirects_to_a_short_lived_signed_url(
        self, admin_client, client, moto, bucket
    ):
        assert upload_document(admin_client).json()["success"]
        document = Document.objects.get()
        response = client.get(document.url)
        assert response.status_code == 302
        target = response["Location"]
        query = parse_qs(urlparse(target).query)
        assert query["X-Amz-Expires"] == ["300"]
        assert "X-Amz-Signature" in query
        assert s3.get(target) == (200, b"%PDF-1.4 flyer")
        # Without the signature the object cannot be read.
        assert s3.get(target.split("?")[0])[0] == 403

    def test_restricted_collection_document_needs_login(
        self, admin_client, client, moto, bucket
    ):
        private = Collection.get_first_root_node().add_child(name="Legal Forum papers")
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type=BaseViewRestriction.LOGIN
        )
        document = Document.objects.create(
            title="Case notes",
            file=ContentFile(b"confidential", name="case-notes.pdf"),
            collection=private,
        )
        response = client.get(document.url)
        assert response.status_code == 302
        assert bucket not in response["Location"]
        assert response["Location"].startswith(reverse("wagtailcore_login"))
        assert s3.get(f"{moto.endpoint}/{bucket}/{document.file.name}")[0] == 403

        member = get_user_model().objects.create_user("member", password="x" * 16)
        sign_in(client, member)
        response = client.get(document.url)
        assert response.status_code == 302
        assert "X-Amz-Signature" in response["Location"]
        assert s3.get(response["Location"]) == (200, b"confidential")

    def test_document_used_only_on_a_private_page_is_private(
        self, client, home, moto, bucket
    ):
        from wagtail.models import PageViewRestriction

        document = Document.objects.create(
            title="Member list", file=ContentFile(b"names", name="members.pdf")
        )
        index = ResourceIndexPageFactory(parent=home)
        page = ResourcePageFactory(
            parent=index,
            body=[
                {
                    "type": "document",
                    "value": {"document": document.pk, "link_text": "Members"},
                }
            ],
        )
        PageViewRestriction.objects.create(
            page=page, restriction_type=BaseViewRestriction.LOGIN
        )
        page.save_revision().publish()  # refreshes the reference index
        response = client.get(document.url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailcore_login"))

        # Once a public page links to it too, it is public.
        ResourcePageFactory(
            parent=index,
            body=[
                {
                    "type": "document",
                    "value": {"document": document.pk, "link_text": "Members"},
                }
            ],
        ).save_revision().publish()
        response = client.get(document.url)
        assert "X-Amz-Signature" in response["Location"]

    def test_same_document_name_twice_gets_two_keys(self, admin_client, moto, bucket):
        assert upload_document(admin_client, content=b"first").json()["success"]
        assert upload_document(admin_client, content=b"second").json()["success"]
        first, second = Document.objects.order_by("pk")
        assert first.file.name != second.file.name
        assert default_storage.open(first.file.name).read() == b"first"
        assert default_storage.open(second.file.name).read() == b"second"


class TestBrokenStore:
    @pytest.mark.parametrize("store", ["unreachable_store", "wrong_credentials"])
    def test_upload_fails_clearly_and_leaves_nothing(
        self, request, admin_client, store
    ):
        request.getfixturevalue(store)
        for response, model in (
            (upload_image(admin_client), Image),
            (upload_document(admin_client), Document),
        ):
            assert response.status_code == 200
            data = response.json()
            assert data["success"] is False
            assert "Nothing was saved" in data["error_message"]
            assert "file store" in data["error_message"]
            assert not model.objects.exists()

    @pytest.mark.parametrize("store", ["unreachable_store", "wrong_credentials"])
    def test_public_pages_still_render_and_the_failure_is_logged_once(
        self, request, client, home, caplog, store
    ):
        image = wagtail_factories.ImageFactory()  # saved while the store worked
        page = page_with_image(home, image)
        request.getfixturevalue(store)
        for _ in range(3):
            response = client.get(page.url)
            assert response.status_code == 200
            assert img_src(response) is None
        failures = [r for r in caplog.records if "rendition" in r.getMessage()]
        assert len(failures) == 1

    def test_existing_renditions_keep_working_while_the_store_is_down(
        self, client, home, moto, bucket, settings, monkeypatch
    ):
        image = Image.objects.create(
            title="Photo", file=ContentFile(png_bytes(), name="photo.png")
        )
        page = page_with_image(home, image)
        working_src = img_src(client.get(page.url))
        assert working_src
        s3.point_media_at(
            settings, monkeypatch, f"http://127.0.0.1:{s3.free_port()}", bucket
        )
        assert client.get(page.url).status_code == 200


class TestCheckStorage:
    def test_reports_ok(self, moto, bucket):
        out = StringIO()
        call_command("check_storage", stdout=out)
        line = out.getvalue().strip()
        assert line.startswith("Media storage OK: wrote, read back and deleted")
        assert bucket in line
        assert "\n" not in line
        assert keys(moto, bucket) == []  # the probes were removed

    @pytest.mark.parametrize(
        ("store", "reason"),
        [("unreachable_store", "could not write"), ("wrong_credentials", "403")],
    )
    def test_reports_failure_with_the_reason(self, request, store, reason):
        request.getfixturevalue(store)
        with pytest.raises(CommandError) as error:
            call_command("check_storage", stdout=StringIO())
        message = str(error.value)
        assert message.startswith("Media storage FAILED")
        assert reason in message
        assert "\n" not in message


class TestCopyMediaToS3:
    def test_copies_originals_and_documents_once(self, tmp_path, moto, bucket):
        (tmp_path / "original_images").mkdir()
        (tmp_path / "original_images" / "hall.png").write_bytes(png_bytes())
        (tmp_path / "documents" / "2026").mkdir(parents=True)
        (tmp_path / "documents" / "2026" / "agenda.pdf").write_bytes(b"%PDF agenda")
        (tmp_path / "images").mkdir()
        (tmp_path / "images" / "hall.max-800x600.png").write_bytes(b"rendition")

        out = StringIO()
        call_command("copy_media_to_s3", source=str(tmp_path), stdout=out)
        assert "[1/2] documents/2026/agenda.pdf: copied" in out.getvalue()
        assert "Copied 2, skipped 0 already in the bucket, 0 failed." in out.getvalue()
        assert keys(moto, bucket) == [
            "documents/2026/agenda.pdf",
            "original_images/hall.png",
        ]
        assert storages["default"].open("documents/2026/agenda.pdf").read() == (
            b"%PDF agenda"
        )

        again = StringIO()
        call_command("copy_media_to_s3", source=str(tmp_path), stdout=again)
        assert (
            "Copied 0, skipped 2 already in the bucket, 0 failed." in again.getvalue()
        )

    def test_refuses_without_a_bucket(self, tmp_path):
        with pytest.raises(CommandError, match="set AWS_STORAGE_BUCKET_NAME"):
            call_command("copy_media_to_s3", source=str(tmp_path), stdout=StringIO())


def test_page_policy_lets_images_load_from_both_media_stores(
    moto, settings, monkeypatch, client, home
):
    """
    Behind a custom domain, public renditions come from it and signed private
    renditions from the bucket itself: the page's policy must allow both.
    """
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3.ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3.SECRET_KEY)
    settings.STORAGES = settings.STORAGES | s3_storages(
        bucket=moto.new_bucket(),
        endpoint_url=moto.endpoint,
        region="us-east-1",
        custom_domain="media.example.org",
    )
    policy = client.get(home.url)["Content-Security-Policy"]
    images = next(part for part in policy.split("; ") if part.startswith("img-src"))
    assert "https://media.example.org" in images.split()
    assert moto.endpoint in images.split()
