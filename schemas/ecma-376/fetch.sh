#!/bin/sh
# Re-creates this folder from the package registries (see README.md). Not run by CI: the files are committed.
# Needs: apt-get (Debian 12), pip, xz, python3. Works in a temporary folder; writes only into this folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

# 1. The ECMA-376 1st edition schemas, as Debian keeps them in the source of libapache-poi-java (ooxml-xsds/).
mkdir -p etc lists/partial
cat > etc/src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
A="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$tmp/etc -o Dir::State::Lists=$tmp/lists"
apt-get $A update
apt-get $A source --download-only libapache-poi-java=4.0.1-4
echo "54db524e2bae73658e4fdb3a6e2d69cb4137638ace71fcde93659be2695287ea  libapache-poi-java_4.0.1.orig.tar.xz" | sha256sum -c
tar xJf libapache-poi-java_4.0.1.orig.tar.xz apache-poi-4.0.1/ooxml-xsds
for f in wml.xsd shared-math.xsd shared-customXmlSchemaProperties.xsd shared-relationshipReference.xsd \
    dml-wordprocessingDrawing.xsd dml-graphicalObject.xsd dml-documentProperties.xsd dml-baseTypes.xsd \
    dml-shapeGeometry.xsd opc-contentTypes.xsd opc-relationships.xsd; do
    cp "apache-poi-4.0.1/ooxml-xsds/$f" "$here/$f"
done

# 2. The W3C schema of the xml: namespace (xml:space on w:t), as the xmlschema wheel ships it.
pip download --no-deps xmlschema==4.3.2
python3 -m zipfile -e xmlschema-4.3.2-py3-none-any.whl wheel
cp wheel/xmlschema/schemas/XML/xml.xsd "$here/xml.xsd"

# 3. The two local changes (README.md, "Changes"): xml.xsd found locally, DrawingML main read from one file.
cd "$here"
sed -i 's|<xsd:import id="xml" namespace="http://www.w3.org/XML/1998/namespace" />|<xsd:import id="xml" namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd" />|' \
    wml.xsd shared-math.xsd
python3 - <<'PY'
import re
p = "dml-wordprocessingDrawing.xsd"
s = open(p, encoding="utf-8").read()
s, n = re.subn(r'  <xsd:import schemaLocation="dml-graphicalObject.xsd" namespace="([^"]+)" />(\r?\n)'
               r'  <xsd:import schemaLocation="dml-documentProperties.xsd" namespace="[^"]+" />\r?\n',
               r'  <xsd:import schemaLocation="dml-main.xsd" namespace="\1" />\2', s)
assert n == 1, "import lines not found"
open(p, "w", encoding="utf-8", newline="").write(s)
PY
sha256sum -c SHA256SUMS
