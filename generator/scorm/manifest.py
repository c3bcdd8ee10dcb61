"""``imsmanifest.xml`` for SCORM 1.2 and SCORM 2004 4th Edition.

The organization mirrors the site's topics: one item per topic, with an item per
scenario inside it. Each scenario is a SCO whose resource is its page; every other file
of the built site belongs to one shared asset resource that each SCO depends on.

Written with the standard library's ElementTree. Names are written with their usual
prefixes (``adlcp:scormType``) and the namespaces declared on the root, so the file
reads as SCORM's own examples do and no global prefix table is touched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from ..site import Sco, Section
from . import Format

__all__ = ["Sco", "Section", "build_manifest", "slugify"]

SHARED_ID = "shared-files"
ORGANIZATION_ID = "topics"


@dataclass(frozen=True)
class _Version:
    """What differs between the two versions' manifests."""

    schemaversion: str
    namespaces: tuple[tuple[str, str], ...]  # (prefix, URI); "" is the default namespace
    schema_locations: tuple[tuple[str, str], ...]  # (URI, file at the package root)
    scorm_type: str  # the adlcp attribute naming a resource's SCORM type
    manifest_version: str


_XSI = "http://www.w3.org/2001/XMLSchema-instance"

VERSIONS: dict[Format, _Version] = {
    "scorm12": _Version(
        schemaversion="1.2",
        namespaces=(
            ("", "http://www.imsproject.org/xsd/imscp_rootv1p1p2"),
            ("adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2"),
            ("xsi", _XSI),
        ),
        schema_locations=(
            ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
            ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
        ),
        scorm_type="adlcp:scormtype",
        manifest_version="1.0",
    ),
    "scorm2004": _Version(
        schemaversion="2004 4th Edition",
        namespaces=(
            ("", "http://www.imsglobal.org/xsd/imscp_v1p1"),
            ("adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3"),
            ("adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3"),
            ("adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3"),
            ("imsss", "http://www.imsglobal.org/xsd/imsss"),
            ("xsi", _XSI),
        ),
        schema_locations=(
            ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
            ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
            ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
            ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
        ),
        scorm_type="adlcp:scormType",
        manifest_version="1",
    ),
}


def slugify(text: str, fallback: str = "training") -> str:
    """Lower-case ASCII letters and digits joined by single hyphens (``fallback`` if none)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or fallback


def _one_line(text: str) -> str:
    return " ".join(text.split())


def build_manifest(
    fmt: Format,
    title: str,
    sections: Sequence[Section],
    shared: Sequence[str],
    *,
    identifier: str | None = None,
) -> bytes:
    """The manifest of a package titled ``title``, as UTF-8 bytes with a declaration.

    ``sections`` with no scenario are left out (an item must lead to a SCO or hold
    items); ``shared`` lists, relative to the package root, every file of the site that
    is not a SCO's page. Paths are written as URLs (a space becomes ``%20``).
    ``identifier`` names the package for the LMS (``manifest-<title as a slug>`` by
    default): packages of different content need different ones, or some LMSs take the
    later upload for a new version of the earlier.
    """
    version = VERSIONS[fmt]
    filled = [s for s in sections if s.scos]
    if not filled:
        raise ValueError("a package needs at least one scenario")
    root = ET.Element(
        "manifest",
        {
            "identifier": identifier or f"manifest-{slugify(title)}",
            "version": version.manifest_version,
        },
    )
    for prefix, uri in version.namespaces:
        root.set(f"xmlns:{prefix}" if prefix else "xmlns", uri)
    root.set(
        "xsi:schemaLocation",
        " ".join(f"{uri} {file}" for uri, file in version.schema_locations),
    )
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "ADL SCORM"
    ET.SubElement(metadata, "schemaversion").text = version.schemaversion

    organizations = ET.SubElement(root, "organizations", {"default": ORGANIZATION_ID})
    organization = ET.SubElement(organizations, "organization", {"identifier": ORGANIZATION_ID})
    ET.SubElement(organization, "title").text = _one_line(title)
    for section in filled:
        group = ET.SubElement(organization, "item", {"identifier": f"topic-{section.slug}"})
        ET.SubElement(group, "title").text = _one_line(section.title)
        for sco in section.scos:
            item = ET.SubElement(
                group,
                "item",
                {"identifier": f"item-{sco.slug}", "identifierref": f"sco-{sco.slug}"},
            )
            ET.SubElement(item, "title").text = _one_line(sco.title)

    resources = ET.SubElement(root, "resources")
    for section in filled:
        for sco in section.scos:
            resource = ET.SubElement(
                resources,
                "resource",
                {
                    "identifier": f"sco-{sco.slug}",
                    "type": "webcontent",
                    version.scorm_type: "sco",
                    "href": quote(sco.href),
                },
            )
            ET.SubElement(resource, "file", {"href": quote(sco.href)})
            ET.SubElement(resource, "dependency", {"identifierref": SHARED_ID})
    assets = ET.SubElement(
        resources,
        "resource",
        {"identifier": SHARED_ID, "type": "webcontent", version.scorm_type: "asset"},
    )
    for path in shared:
        ET.SubElement(assets, "file", {"href": quote(path)})

    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()
