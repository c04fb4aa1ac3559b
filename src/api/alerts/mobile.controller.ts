import { Controller, Get, Header } from '@nestjs/common';
import { ApiParam, ApiProduces } from '@nestjs/swagger';
import { PublicRoute } from '../auth/staff-auth.decorators';
import { ApiTags, PublicDoc } from '../openapi/api-docs.decorators';
import { APP_CSS } from './mobile/app.css';
import { APP_JS } from './mobile/app.js';
import { MANIFEST_JSON, PAGE_HTML } from './mobile/page.html';
import { SW_JS } from './mobile/sw.js';

// Same-origin only: the page talks to this API and nothing else.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The officials' mobile page (/m): sign in, alerts by tier, one alert, acknowledge / handle / resolve, Web Push. */
@Controller('m')
@ApiTags('mobile')
@PublicRoute()
export class MobileController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CSP)
  @Header('cache-control', 'no-cache')
  @PublicDoc("The officials' mobile page (HTML): sign in, alerts by tier, actions, Web Push")
  @ApiProduces('text/html')
  page(): string {
    return PAGE_HTML;
  }

  /** The link every alert message carries; the page opens the alert itself. */
  @Get('alerts/:id')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CSP)
  @Header('cache-control', 'no-cache')
  @PublicDoc('The mobile page opened on one alert (the link every alert message carries)')
  @ApiProduces('text/html')
  @ApiParam({ name: 'id', description: 'the alert id (uuid)', schema: { type: 'string' } })
  alertPage(): string {
    return PAGE_HTML;
  }

  @Get('app.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @PublicDoc("The mobile page's script")
  @ApiProduces('text/javascript')
  script(): string {
    return APP_JS;
  }

  @Get('app.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @PublicDoc("The mobile page's stylesheet")
  @ApiProduces('text/css')
  styles(): string {
    return APP_CSS;
  }

  @Get('sw.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @Header('service-worker-allowed', '/m/')
  @PublicDoc("The mobile page's service worker (scope /m/): shows Web Push alert messages")
  @ApiProduces('text/javascript')
  serviceWorker(): string {
    return SW_JS;
  }

  @Get('manifest.webmanifest')
  @Header('content-type', 'application/manifest+json; charset=utf-8')
  @PublicDoc("The mobile page's web app manifest")
  @ApiProduces('application/manifest+json')
  manifest(): string {
    return MANIFEST_JSON;
  }
}
