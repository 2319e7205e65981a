"""Publication settings refuse brand colours readers could not read."""

import pytest
from django.core.exceptions import ValidationError

from masthead.publications.models import validate_brand_colour


@pytest.mark.parametrize("colour", ["#ffcc00", "#aaaaaa", "red", "#12345"])
def test_brand_colours_that_readers_cannot_read_are_refused(colour):
    with pytest.raises(ValidationError):
        validate_brand_colour(colour)


def test_dark_brand_colour_is_accepted():
    validate_brand_colour("#1f4e79")


def test_brand_colour_must_also_read_on_the_tinted_panels():
    # #767676 passes 4.5:1 on white but not on the statement panels' tint.
    validate_brand_colour("#707070")
    with pytest.raises(ValidationError, match="light backgrounds"):
        validate_brand_colour("#767676")
