"""The home page (the features' doors and figures), the privacy policy and the accessibility statement."""

from alleyweb.core.features import Feature
from alleyweb.home.views import bp

feature = Feature(name="home", blueprints=(bp,))
